#!/usr/bin/env bash
# Two "hosts" inside the lab: network namespaces "src" and "dst" joined by
# a veth pair on a private /24, loopback up in each.  Migration tests run
# a QEMU in each ("ip netns exec src ...").
#
# Usage (as root, in the lab):
#   lab-hosts.sh up      create them (an existing pair is replaced)
#   lab-hosts.sh down    remove them
#   lab-hosts.sh check   up, a TCP round trip from src to dst, down;
#                        TAP output, exit status 0 on success
#
# Addresses: src 10.77.0.1, dst 10.77.0.2 (LAB_NET=10.77.0 changes the
# prefix).
set -euo pipefail

net=${LAB_NET:-10.77.0}
src_addr=$net.1
dst_addr=$net.2
port=${LAB_PORT:-7777}
py=/usr/bin/python3

down() {
	ip netns del src 2>/dev/null || true
	ip netns del dst 2>/dev/null || true
}

up() {
	down
	ip netns add src
	ip netns add dst
	ip link add veth-src netns src type veth peer name veth-dst netns dst
	ip -n src addr add "$src_addr/24" dev veth-src
	ip -n dst addr add "$dst_addr/24" dev veth-dst
	for h in src dst; do
		ip -n "$h" link set lo up
		ip -n "$h" link set "veth-$h" up
	done
}

check() {
	local out
	echo "TAP version 13"
	echo "1..2"
	up
	echo "ok 1 two hosts: src $src_addr, dst $dst_addr"
	# The server answers one connection with what it received, reversed;
	# every step has a timeout.
	ip netns exec dst timeout 20 "$py" -c '
import socket, sys
s = socket.create_server((sys.argv[1], int(sys.argv[2])))
s.settimeout(15)
c, _ = s.accept()
c.settimeout(5)
c.sendall(c.recv(64)[::-1])
' "$dst_addr" "$port" &
	local server=$!
	out=$(ip netns exec src timeout 20 "$py" -c '
import socket, sys, time
for _ in range(50):
    try:
        c = socket.create_connection((sys.argv[1], int(sys.argv[2])), 2)
        break
    except (ConnectionRefusedError, OSError):
        time.sleep(0.1)
else:
    sys.exit("no connection")
c.settimeout(5)
c.sendall(b"lab-hosts")
print(c.recv(64).decode())
' "$dst_addr" "$port") || true
	wait "$server" || true
	down
	if [ "$out" = "stsoh-bal" ]; then
		echo "ok 2 TCP from src to dst:$port and back"
		return 0
	fi
	echo "not ok 2 TCP from src to dst:$port: got '$out'"
	return 1
}

case "${1:-}" in
up) up ;;
down) down ;;
check) check ;;
*) echo "usage: $0 up|down|check" >&2; exit 2 ;;
esac
