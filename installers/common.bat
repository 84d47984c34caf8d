@echo off
rem Shared by run.bat and test.bat: the virtual environment and the project install. Called, not run:
rem   call common.bat            the program's libraries
rem   call common.bat [test]     and the test tools
for %%I in ("%~dp0..") do set "ROOT=%%~fI"
set "VENV=%ROOT%\.venv"
set "PY=%VENV%\Scripts\python.exe"
set "EXTRAS=%~1"
if not exist "%PY%" (
    echo Creating the Python environment in %VENV% ...
    py -3 -m venv "%VENV%" 2>nul || python -m venv "%VENV%" || goto :nopython
    "%PY%" -m pip install -q --upgrade pip >nul 2>&1
)
rem (Re)install when setup.cfg or pyproject.toml changed since the last install.
copy /b /y "%ROOT%\setup.cfg"+"%ROOT%\pyproject.toml" "%VENV%\wanted.txt" >nul
set "STAMP=%VENV%\.installed%EXTRAS%"
rem An install with the test extras also holds everything the program itself needs.
if "%EXTRAS%"=="" if exist "%VENV%\.installed[test]" fc /b "%VENV%\wanted.txt" "%VENV%\.installed[test]" >nul 2>&1 && exit /b 0
fc /b "%VENV%\wanted.txt" "%STAMP%" >nul 2>&1 && exit /b 0
echo Installing the organizer and its libraries (first time takes a few minutes) ...
"%PY%" -m pip install -q -e "%ROOT%%EXTRAS%" || goto :nopip
copy /y "%VENV%\wanted.txt" "%STAMP%" >nul
exit /b 0

:nopython
echo error: Python 3.10 or newer is needed. Install it from python.org and tick "Add python.exe to PATH". 1>&2
exit /b 1

:nopip
echo error: installing Python packages failed (see the messages above). 1>&2
exit /b 1
