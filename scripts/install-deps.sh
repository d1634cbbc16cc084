#!/usr/bin/env bash
# Install what the build and the lab need, if missing: Debian packages
# from the machine's own suites, and virtme-ng from trixie (through
# apt-private.sh) when the machine's suites do not carry it.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)

# virtme-ng build tested in the lab (trixie, arch all).
VIRTME_NG_VERSION=1.35-1

# "test:package" pairs; a test is a command name or an absolute path.
needs=(
	gcc:gcc make:make flex:flex bison:bison bc:bc cpio:cpio perl:perl
	git:git xz:xz-utils dpkg-deb:dpkg python3:python3 ccache:ccache
	rsync:rsync timeout:coreutils
	/usr/include/libelf.h:libelf-dev /usr/include/openssl/ssl.h:libssl-dev
	pahole:dwarves shellcheck:shellcheck
	/usr/lib/python3/dist-packages/ply:python3-ply
	/usr/lib/python3/dist-packages/git:python3-git
	qemu-system-x86_64:qemu-system-x86 udevadm:udev
	/usr/share/keyrings/debian-archive-keyring.gpg:debian-archive-keyring
	# Building QEMU (make qemu); meson comes from trixie, below.  QEMU's
	# configure builds a python venv (ensurepip, pip).
	ninja:ninja-build bzip2:bzip2 dtc:device-tree-compiler
	/usr/share/doc/python3-venv:python3-venv
	/usr/lib/python3/dist-packages/pip:python3-pip
	# The lab's two hosts (selftests/lab-hosts.sh).
	ip:iproute2
	/usr/include/glib-2.0/glib.h:libglib2.0-dev
	/usr/include/pixman-1/pixman.h:libpixman-1-dev
	/usr/include/libfdt.h:libfdt-dev /usr/include/cap-ng.h:libcap-ng-dev
	/usr/include/attr/attributes.h:libattr1-dev
)

missing=()
for pair in "${needs[@]}"; do
	t=${pair%%:*}
	case "$t" in
	/*) [ -e "$t" ] && continue ;;
	*) command -v "$t" >/dev/null && continue ;;
	esac
	missing+=("${pair#*:}")
done
# Packages the machine's suites lack (bookworm) or carry too old: trixie
# builds (arch all), through apt-private.sh, unless the machine's own
# suites have them.  "test:package=version"; a test "meson>=1.5" checks
# meson's version.
private=(
	"vng:virtme-ng=$VIRTME_NG_VERSION"
	/usr/lib/python3/dist-packages/pycotap:python3-pycotap=1.3.1-2
	"meson>=1.5:meson=1.7.0-1"
)
meson_ok() {
	command -v meson >/dev/null &&
	[ "$(printf '%s\n' 1.5 "$(meson --version)" | sort -V | head -n1)" = 1.5 ]
}
need_private=()
for pair in "${private[@]}"; do
	t=${pair%%:*}
	case "$t" in
	"meson>=1.5") meson_ok && continue ;;
	/*) [ -e "$t" ] && continue ;;
	*) command -v "$t" >/dev/null && continue ;;
	esac
	need_private+=("${pair#*:}")
done

[ ${#missing[@]} -eq 0 ] && [ ${#need_private[@]} -eq 0 ] && exit 0

sudo=()
if [ "$(id -u)" -ne 0 ]; then
	if command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
		sudo=(sudo)
	else
		echo "install-deps: missing: ${missing[*]} ${need_private[*]}" >&2
		echo "install-deps: run as root or with password-less sudo," \
		     "or install them: apt-get install ${missing[*]}" >&2
		exit 1
	fi
fi

apt=("${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -y -q)
echo "install-deps: installing ${missing[*]} ${need_private[*]}"
"${apt[@]}" update >/dev/null
if [ ${#missing[@]} -gt 0 ]; then
	"${apt[@]}" install --no-install-recommends "${missing[@]}" >/dev/null
fi
debs=()
updated=
for pv in "${need_private[@]}"; do
	pkg=${pv%%=*}
	if [ "$pkg" != meson ] && [ -n "$(apt-cache madison "$pkg" 2>/dev/null)" ]
	then
		"${apt[@]}" install --no-install-recommends "$pkg" >/dev/null
		continue
	fi
	dl=${XDG_CACHE_HOME:-$HOME/.cache}/cvm-migration/dl
	mkdir -p "$dl"
	if [ -z "$updated" ]; then
		"$here/apt-private.sh" apt-get update -qq
		updated=1
	fi
	(cd "$dl" && "$here/apt-private.sh" apt-get download -qq "$pv")
	debs+=("$dl/${pkg}_${pv#*=}_all.deb")
done
if [ ${#debs[@]} -gt 0 ]; then
	"${apt[@]}" install --no-install-recommends "${debs[@]}" >/dev/null
fi
