# First-run set-up on Windows: .\scripts\setup_windows.ps1 (or: py scripts\setup_windows.py)
$ErrorActionPreference = "Stop"
Set-Location (Join-Path $PSScriptRoot "..")
py -3 scripts\setup_windows.py @args
exit $LASTEXITCODE
