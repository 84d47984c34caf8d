@echo off
rem Runs the whole test suite (Windows); arguments go to pytest, e.g.  installers\test.bat -m benchmark -s
setlocal
call "%~dp0common.bat" [test] || exit /b 1
set "QT_QPA_PLATFORM=offscreen"
cd /d "%ROOT%"
"%PY%" -m pytest %*
exit /b %ERRORLEVEL%
