@echo off
REM First-run set-up on Windows: double-click, or scripts\setup_windows.bat
cd /d "%~dp0.."
py -3 scripts\setup_windows.py %*
pause
