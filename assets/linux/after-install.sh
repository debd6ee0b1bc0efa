#!/bin/sh
# Installs the udev rule that lets the till open USB receipt printers (group lp).
set -e
if [ -f /opt/Guichet/resources/udev/60-guichet-printers.rules ]; then
  cp /opt/Guichet/resources/udev/60-guichet-printers.rules /etc/udev/rules.d/
  udevadm control --reload-rules || true
fi
