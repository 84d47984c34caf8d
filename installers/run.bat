@echo off
rem Starts the organizer on this PC (Windows): the office server and the window, logged in.
rem   installers\run.bat                 only this PC can connect (127.0.0.1): a safe first try
rem   installers\run.bat --lan           the whole office can connect; the server announces itself
rem   installers\run.bat --server-only   just the server (for the office server PC), no window
rem   installers\run.bat --client        just the window, for a colleague's PC
rem   options: --data DIR (server data folder), --port N (default 7755)
setlocal
call "%~dp0common.bat" || exit /b 1
"%PY%" "%ROOT%\installers\launch.py" %*
exit /b %ERRORLEVEL%
