#!/usr/bin/env bash
# Run apt-get or apt-cache against Debian suites the machine's own sources
# do not list (trixie, trixie-backports, sid), without touching the
# system's apt configuration.  The mirror address is copied from the
# machine's existing Debian sources entry at run time.
#
# Usage: apt-private.sh apt-get|apt-cache ARGS...
set -euo pipefail

state=${APT_PRIVATE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/cvm-migration/apt}
suites=${APT_PRIVATE_SUITES:-"trixie trixie-backports sid"}

mirror_uri() {
	local f
	for f in /etc/apt/sources.list.d/*.sources; do
		[ -r "$f" ] || continue
		# First deb822 URIs: line of a stanza whose Suites: names a
		# Debian release (not -security, not a third-party repo).
		awk '
			/^[[:space:]]*$/ { if (uri != "" && debian) { print uri; exit }
					   uri = ""; debian = 0; next }
			/^URIs:/ { uri = $2 }
			/^Suites:/ { for (i = 2; i <= NF; i++)
					if ($i ~ /^(bookworm|trixie|sid|stable|testing|unstable)(-updates)?$/)
						debian = 1 }
			END { if (uri != "" && debian) print uri }
		' "$f" | grep -v -- '-security' | head -n1
	done | head -n1
	if [ -r /etc/apt/sources.list ]; then
		awk '$1 == "deb" && $3 !~ /security/ { print $2; exit }' \
			/etc/apt/sources.list
	fi
}

uri=$(mirror_uri | head -n1)
if [ -z "$uri" ]; then
	echo "apt-private: no Debian mirror found in /etc/apt sources" >&2
	exit 1
fi
keyring=/usr/share/keyrings/debian-archive-keyring.gpg

mkdir -p "$state/sources" "$state/lists/partial" \
	 "$state/archives/partial"
cat > "$state/sources/private.sources" <<SRC
Types: deb deb-src
URIs: $uri
Suites: $suites
Components: main
Signed-By: $keyring
SRC

# Two builds (two clones) may share the cache: one apt at a time.  The
# lock is held by apt itself, which inherits the descriptor.
exec 9> "$state/lock"
flock 9

tool=$1
shift
exec "$tool" \
	-o Dir::Etc::SourceList=/dev/null \
	-o Dir::Etc::SourceParts="$state/sources" \
	-o Dir::State::Lists="$state/lists" \
	-o Dir::Cache::Archives="$state/archives" \
	-o Dir::Cache::pkgcache="" -o Dir::Cache::srcpkgcache="" \
	-o APT::Get::List-Cleanup=0 -o APT::Sandbox::User=root \
	"$@"
