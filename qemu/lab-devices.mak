# Devices of the project's qemu-system-x86_64 (qemu/build.sh configures
# with --without-default-devices and this list): what virtme-ng's q35 lab
# VM uses as the outer emulator, and what the inner, confidential test
# guests use.  Everything else a board only implies stays out.

# The board: q35 (virtme-ng without microvm, and the QEMU tests).
CONFIG_Q35=y
# virtme-ng's root filesystem, console and watchdog.
CONFIG_VIRTIO_PCI=y
CONFIG_VIRTIO_9P=y
CONFIG_VIRTIO_SERIAL=y
CONFIG_WDT_IB6300ESB=y
# Not used, but q35's ACPI tables (ACPI_CXL) call into CXL, which
# depends on PXB, calls into the CXL memory device and derives from PCIe
# root ports: QEMU 10.2.2 neither links nor starts without all four.
CONFIG_PXB=y
CONFIG_CXL=y
CONFIG_CXL_MEM_DEVICE=y
CONFIG_PCIE_PORT=y
# Not used by the lab: compiled because QEMU patch 4 (the linux-headers
# update) changes virtio-net.c and headers that VFIO includes.
CONFIG_VIRTIO_NET=y
CONFIG_VFIO_PCI=y
# Confidential guest types: the one the lab runs and, for compile
# coverage of the code the series touches, SEV-SNP and TDX.
CONFIG_SW_PROTECTED_VM=y
CONFIG_SEV=y
CONFIG_TDX=y
