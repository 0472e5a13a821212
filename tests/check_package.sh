#!/usr/bin/env bash
# The package a Debian administrator installs: binaries stripped (symbols in blendd-dbgsym), the
# unit registered by the maintainer scripts without being started, the configuration a conffile,
# a fitting section, and lintian without errors. $1: the build directory cpack ran in.
set -euo pipefail
build=$1
deb=$(ls "$build"/blendd_*.deb)
ls "$build"/blendd-dbgsym_*.ddeb >/dev/null || { echo "no blendd-dbgsym package"; exit 1; }
contents=$(dpkg-deb -c "$deb")
for f in ./usr/bin/blendd ./usr/bin/blendctl ./usr/lib/systemd/system/blendd.service \
  ./etc/blendd/blendd.yaml ./usr/share/doc/blendd/copyright ./usr/share/doc/blendd/changelog.gz; do
  grep -q " $f\$" <<<"$contents" || { echo "package lacks $f"; exit 1; }
done
[[ $(dpkg-deb -f "$deb" Section) == comm ]] || { echo "section is not comm"; exit 1; }
control=$(mktemp -d)
trap 'rm -rf "$control"' EXIT
dpkg-deb -e "$deb" "$control"
grep -qx /etc/blendd/blendd.yaml "$control"/conffiles || { echo "blendd.yaml is no conffile"; exit 1; }
grep -q "deb-systemd-helper update-state 'blendd.service'" "$control"/postinst ||
  { echo "postinst does not register the unit"; exit 1; }
if grep -q "deb-systemd-invoke start" "$control"/postinst; then
  echo "postinst starts blendd before it is configured"; exit 1
fi
dpkg-deb -x "$deb" "$control/root"
file "$control"/root/usr/bin/blendd | grep -q ", stripped" || { echo "blendd is not stripped"; exit 1; }
lintian --fail-on error --tag-display-limit 0 "$deb"
echo "package $deb: $(du -h "$deb" | cut -f1), stripped, unit registered not started, lintian clean"
