#!/usr/bin/env bash
# Installs iacbox-webhooks on the box as a systemd service:
#   the binary      /usr/local/bin/iacbox-webhooks
#   a system user   iacbox-webhooks (no shell, no home)
#   its data        /var/lib/iacbox-webhooks (database, admin-token, secret.key; 0700)
#   settings        /etc/iacbox-webhooks/env (0640, kept on re-install)
#   the unit        /etc/systemd/system/iacbox-webhooks.service
# Usage: sudo scripts/install.sh [path/to/iacbox-webhooks]   (default: dist/iacbox-webhooks)
# DESTDIR=/some/root installs into a staging tree and skips useradd/systemctl (packaging, tests).
set -euo pipefail

binary=${1:-"$(dirname "$0")/../dist/iacbox-webhooks"}
root=${DESTDIR:-}
user=iacbox-webhooks

if [ ! -x "$binary" ]; then
  echo "install.sh: no executable at $binary (run npm run build first)" >&2
  exit 1
fi
"$binary" --version >/dev/null || { echo "install.sh: $binary does not run on this machine" >&2; exit 1; }

install -d -m 0755 "$root/usr/local/bin" "$root/etc/systemd/system"
install -d -m 0750 "$root/etc/iacbox-webhooks"
install -d -m 0700 "$root/var/lib/iacbox-webhooks"
install -m 0755 "$binary" "$root/usr/local/bin/iacbox-webhooks"

env_file="$root/etc/iacbox-webhooks/env"
if [ ! -e "$env_file" ]; then
  install -m 0640 /dev/null "$env_file"
  cat >"$env_file" <<'ENV'
# iacbox-webhooks settings (see iacbox-webhooks --help). Restart the service after a change.
WEBHOOKS_HOST=127.0.0.1
WEBHOOKS_PORT=8080
WEBHOOKS_DB_URL=file:/var/lib/iacbox-webhooks/webhooks.db
# WEBHOOKS_ADMIN_TOKEN=          # default: generated into /var/lib/iacbox-webhooks/admin-token
# WEBHOOKS_METRICS_TOKEN=        # a read-only token for GET /metrics
# WEBHOOKS_DB_AUTH_TOKEN=        # for a remote libSQL server (WEBHOOKS_DB_URL=libsql://…)
# WEBHOOKS_INSTANCE_ID=          # default: generated into /var/lib/iacbox-webhooks/instance-id
# WEBHOOKS_BASE_PATH=            # e.g. /webhooks, when the box's web server passes that prefix on
# Reaching the page from the LAN without the box's web server: WEBHOOKS_HOST=0.0.0.0 and TLS,
# both files readable by the user iacbox-webhooks (e.g. group iacbox-webhooks, 0640);
# `systemctl reload iacbox-webhooks` rereads them after a renewal.
# WEBHOOKS_TLS_CERT=             # PEM certificate (chain), e.g. /etc/iacbox-webhooks/tls/cert.pem
# WEBHOOKS_TLS_KEY=              # its PEM private key, e.g. /etc/iacbox-webhooks/tls/key.pem
ENV
fi

cat >"$root/etc/systemd/system/iacbox-webhooks.service" <<UNIT
[Unit]
Description=IACBOX webhooks: sends the box's events to configured endpoints
After=network-online.target
Wants=network-online.target
# a database that cannot be written (read-only disk) fails every start: give up after 5 in 2 min
StartLimitIntervalSec=120
StartLimitBurst=5

[Service]
Type=simple
User=$user
Group=$user
EnvironmentFile=/etc/iacbox-webhooks/env
ExecStart=/usr/local/bin/iacbox-webhooks
Restart=on-failure
RestartSec=2
# SIGHUP rereads the TLS certificate and key; a pair that cannot be used is logged, the old kept
ExecReload=/bin/kill -HUP \$MAINPID
# SIGTERM: no new requests, in-flight work finishes, the database is closed
KillSignal=SIGTERM
TimeoutStopSec=20
MemoryMax=150M
StateDirectory=iacbox-webhooks
StateDirectoryMode=0700
WorkingDirectory=/var/lib/iacbox-webhooks
UMask=0077
# The sandbox (systemd-analyze security: 1.1; a test keeps it at 3.0 or below) leaves what the
# service needs: an unprivileged TCP port, HTTP(S) to anywhere, its StateDirectory, /tmp for
# SQLite's temporary files. It spawns nothing (it re-executes itself once to size its heap).
# No capabilities: a WEBHOOKS_PORT below 1024 would need CAP_NET_BIND_SERVICE in both lines.
CapabilityBoundingSet=
AmbientCapabilities=
NoNewPrivileges=true
PrivateUsers=true
ProtectSystem=strict
ProtectHome=true
PrivateTmp=true
PrivateDevices=true
PrivateMounts=true
ProtectKernelTunables=true
ProtectKernelModules=true
ProtectKernelLogs=true
ProtectControlGroups=true
ProtectClock=true
ProtectHostname=true
ProtectProc=invisible
ProcSubset=pid
RestrictSUIDSGID=true
RestrictNamespaces=true
RestrictRealtime=true
RemoveIPC=true
LockPersonality=true
# AF_UNIX for name lookups (nscd, systemd-resolved); without AF_NETLINK glibc's resolver
# assumes the host has both IPv4 and IPv6 addresses (checked: names resolve)
RestrictAddressFamilies=AF_INET AF_INET6 AF_UNIX
SystemCallArchitectures=native
SystemCallFilter=@system-service
SystemCallFilter=~@privileged @resources
# a call outside the filter fails with EPERM instead of killing the service (traced: start,
# deliveries by name and to a failing host, shutdown make none)
SystemCallErrorNumber=EPERM
# Left out: MemoryDenyWriteExecute (the JavaScript JIT writes machine code), PrivateNetwork and
# IPAddressDeny/IPAddressAllow (webhooks go to any address the admin configures).

[Install]
WantedBy=multi-user.target
UNIT

if [ -z "$root" ]; then
  id -u "$user" >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin "$user"
  chown -R "$user:$user" /var/lib/iacbox-webhooks
  chgrp "$user" /etc/iacbox-webhooks /etc/iacbox-webhooks/env
  systemctl daemon-reload
  # an upgrade: the running service is the old binary; the new one upgrades the database as it starts
  if systemctl is-active --quiet iacbox-webhooks; then systemctl restart iacbox-webhooks; fi
  systemctl enable --now iacbox-webhooks
  echo "iacbox-webhooks is running; the admin token is in /var/lib/iacbox-webhooks/admin-token"
else
  echo "installed into $root"
fi
