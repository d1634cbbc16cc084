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
need_vng=
command -v vng >/dev/null || need_vng=1

[ ${#missing[@]} -eq 0 ] && [ -z "$need_vng" ] && exit 0

sudo=()
if [ "$(id -u)" -ne 0 ]; then
	if command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
		sudo=(sudo)
	else
		echo "install-deps: missing: ${missing[*]} ${need_vng:+virtme-ng}" >&2
		echo "install-deps: run as root or with password-less sudo," \
		     "or install them: apt-get install ${missing[*]}" >&2
		exit 1
	fi
fi

apt=("${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -y -q)
echo "install-deps: installing ${missing[*]} ${need_vng:+virtme-ng}"
"${apt[@]}" update >/dev/null
if [ ${#missing[@]} -gt 0 ]; then
	"${apt[@]}" install --no-install-recommends "${missing[@]}" >/dev/null
fi
if [ -n "$need_vng" ]; then
	if [ -n "$(apt-cache madison virtme-ng 2>/dev/null)" ]; then
		"${apt[@]}" install --no-install-recommends virtme-ng >/dev/null
	else
		dl=${XDG_CACHE_HOME:-$HOME/.cache}/cvm-migration/dl
		mkdir -p "$dl"
		"$here/apt-private.sh" apt-get update -qq
		(cd "$dl" && "$here/apt-private.sh" apt-get download -qq \
			"virtme-ng=$VIRTME_NG_VERSION")
		"${apt[@]}" install --no-install-recommends \
			"$dl/virtme-ng_${VIRTME_NG_VERSION}_all.deb" >/dev/null
	fi
fi
