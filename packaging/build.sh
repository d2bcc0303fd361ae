#!/usr/bin/env bash
# Builds the self-contained server distribution from server/target/barter-chat-server.jar:
#   target/runtime                                  a trimmed Java runtime (jlink)
#   target/app-image/barter-chat                    launcher + runtime + jar (jpackage --type app-image)
#   target/barter-chat-server-<version>-linux-amd64.tar.gz   that app image, to unpack anywhere
#   target/barter-chat-server_<version>_amd64.deb            the Debian package (jpackage --type deb)
# Usage: build.sh <version> <server jar> <output dir>. Needs JAVA_HOME (JDK 25), and dpkg-deb and fakeroot for the
# .deb; without them the .deb is skipped with the reason printed (the tarball is still built).
set -euo pipefail
version=${1%-SNAPSHOT}
jar=$2
out=$3
here=$(cd "$(dirname "$0")" && pwd)
bin="$JAVA_HOME/bin"

# The JDK modules the server uses (jlink-modules.txt, shared with the Dockerfile): JDBC (java.sql), Hikari and
# Micrometer (java.management, jdk.management), Logback's configuration (java.xml), JNDI lookups in the JDBC
# drivers (java.naming), PostgreSQL's GSS authentication (java.security.jgss), PKCS#11 providers
# (jdk.crypto.cryptoki), and the Unsafe access of Netty and Caffeine (jdk.unsupported).
modules=$(tr -d ' \n' < "$here/jlink-modules.txt")

rm -rf "$out/runtime" "$out/app-input" "$out/app-image" "$out/deb" "$out"/*.deb "$out"/*.tar.gz
"$bin/jlink" --add-modules "$modules" --strip-debug --no-header-files --no-man-pages --compress=zip-6 \
    --output "$out/runtime"

mkdir -p "$out/app-input" "$out/app-content/share"
cp "$jar" "$out/app-input/barter-chat-server.jar"
rm -rf "$out/app-content/share"/*
cp "$here/src/share/"* "$out/app-content/share/"

"$bin/jpackage" --type app-image --name barter-chat --app-version "$version" \
    --vendor barter-chat --description "barter-chat: an end-to-end-encrypted chat server" \
    --input "$out/app-input" --main-jar barter-chat-server.jar --main-class barter.chat.Main \
    --java-options "--enable-native-access=ALL-UNNAMED" \
    --runtime-image "$out/runtime" --app-content "$out/app-content/share" --dest "$out/app-image"

tarball="$out/barter-chat-server-$version-linux-amd64.tar.gz"
tar -C "$out/app-image" -czf "$tarball" barter-chat
echo "built $tarball"

missing=()
for tool in dpkg-deb fakeroot; do command -v "$tool" >/dev/null || missing+=("$tool"); done
if (( ${#missing[@]} )); then
  echo "SKIPPED the .deb: ${missing[*]} not installed (apt-get install dpkg-dev fakeroot)"
  exit 0
fi
"$bin/jpackage" --type deb --app-image "$out/app-image/barter-chat" --name barter-chat --app-version "$version" \
    --linux-package-name barter-chat-server --vendor barter-chat --linux-deb-maintainer ops@barter-chat.invalid \
    --description "barter-chat: an end-to-end-encrypted chat server" --linux-app-category net \
    --install-dir /opt --resource-dir "$here/src/deb" --dest "$out/deb"
deb=$(ls "$out"/deb/*.deb)
mv "$deb" "$out/barter-chat-server_${version}_amd64.deb"
echo "built $out/barter-chat-server_${version}_amd64.deb"
