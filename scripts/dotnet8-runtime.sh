#!/usr/bin/env bash
# Makes a private dotnet root that can also run .NET 8 apps, for machines that have only the .NET 10 SDK and no
# way to download an installer: the .NET 8 runtime comes from NuGet's runtime pack, beside this machine's own
# dotnet host, SDK and .NET 10 runtime (linked, not copied). Prints the root's path.
#   root=$(scripts/dotnet8-runtime.sh)
#   PATH="$root:$PATH" DOTNET_ROOT="$root" CONCURRENCYBENCH_TFM=net8.0 scripts/run.sh --profile quick
# Linux x64 only (the runtime pack is RID-specific); elsewhere install .NET 8 the usual way.
set -euo pipefail
version=${DOTNET8_VERSION:-8.0.31}
repo=$(cd "$(dirname "$0")/.." && pwd)
root="$repo/.tools/dotnet-net$version"
[ "$(uname -s)-$(uname -m)" = "Linux-x86_64" ] || { echo "error: only linux-x64 is supported here" >&2; exit 2; }
if [ ! -x "$root/dotnet" ] || [ ! -f "$root/shared/Microsoft.NETCore.App/$version/System.Private.CoreLib.dll" ]; then
  system=$(dirname "$(readlink -f "$(command -v dotnet)")")
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  cat > "$work/download.csproj" <<XML
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <TargetFramework>net10.0</TargetFramework>
    <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>
  </PropertyGroup>
  <ItemGroup>
    <PackageDownload Include="Microsoft.NETCore.App.Runtime.linux-x64" Version="[$version]" />
  </ItemGroup>
</Project>
XML
  dotnet restore "$work/download.csproj" --packages "$work/packages" >&2
  pack="$work/packages/microsoft.netcore.app.runtime.linux-x64/$version/runtimes/linux-x64"
  rm -rf "$root"
  mkdir -p "$root/shared/Microsoft.NETCore.App/$version" "$root/host"
  cp "$system/dotnet" "$root/dotnet"
  ln -s "$system/host/fxr" "$root/host/fxr"
  for entry in sdk packs sdk-manifests templates; do [ -e "$system/$entry" ] && ln -s "$system/$entry" "$root/$entry"; done
  for runtime in "$system"/shared/Microsoft.NETCore.App/*; do ln -s "$runtime" "$root/shared/Microsoft.NETCore.App/$(basename "$runtime")"; done
  cp "$pack"/lib/net8.0/* "$pack"/native/* "$root/shared/Microsoft.NETCore.App/$version/"
fi
"$root/dotnet" --list-runtimes | grep -q "Microsoft.NETCore.App $version" || { echo "error: the .NET $version runtime did not load from $root" >&2; exit 1; }
echo "$root"
