; The Windows installer (NSIS 3, built on Linux by installers/windows/build.sh):
; makensis -DVERSION=0.1.0 -DSRC=<PyInstaller folder> -DOUT=<OrganizerSetup.exe> installer.nsi
Unicode true
SetCompressor /SOLID lzma
!include "MUI2.nsh"
!include "LogicLib.nsh"
!include "x64.nsh"
!include "FileFunc.nsh"
!include "StrFunc.nsh"
${StrStr}
${UnStrStr}

!define APPKEY "LanOrganizer"
!define UNINSTKEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\${APPKEY}"
!define SERVICE "LanOrganizerServer"
Var AdminPassword

Name "$(AppName)"
OutFile "${OUT}"
InstallDir "$PROGRAMFILES64\LAN organizer"
InstallDirRegKey HKLM "Software\${APPKEY}" "InstallDir"
RequestExecutionLevel admin
VIProductVersion "${VERSION}.0"
VIAddVersionKey /LANG=1033 "ProductName" "LAN organizer"
VIAddVersionKey /LANG=1033 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=1033 "FileDescription" "LAN organizer setup"
VIAddVersionKey /LANG=1033 "LegalCopyright" "MIT licence"

!define MUI_ABORTWARNING
!define MUI_LANGDLL_ALLLANGUAGES
!define MUI_FINISHPAGE_RUN "$INSTDIR\Organizer.exe"
!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_COMPONENTS
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "Russian"
!insertmacro MUI_LANGUAGE "English"
!insertmacro MUI_RESERVEFILE_LANGDLL

LangString AppName ${LANG_RUSSIAN} "Органайзер офиса"
LangString AppName ${LANG_ENGLISH} "LAN organizer"
LangString SecAppName ${LANG_RUSSIAN} "Органайзер (программа для работы)"
LangString SecAppName ${LANG_ENGLISH} "Organizer (the program to work in)"
LangString SecServerName ${LANG_RUSSIAN} "Сервер офиса (только на одном компьютере)"
LangString SecServerName ${LANG_ENGLISH} "Office server (on one PC of the office only)"
LangString SecAppDesc ${LANG_RUSSIAN} "Окно органайзера: контакты, задачи, напоминания. Нужно на каждом компьютере."
LangString SecAppDesc ${LANG_ENGLISH} "The organizer's window: contacts, tasks, reminders. Needed on every PC."
LangString SecServerDesc ${LANG_RUSSIAN} "Хранит общие данные офиса: запускается вместе с компьютером (служба Windows) и открывает в брандмауэре порты 7755 (компьютеры офиса) и 7756 (браузеры и телефоны)."
LangString SecServerDesc ${LANG_ENGLISH} "Keeps the office's shared data: starts with the PC (a Windows service) and opens ports 7755 (the office PCs) and 7756 (browsers and phones) in the firewall."
LangString Uninstall ${LANG_RUSSIAN} "Удалить органайзер"
LangString Uninstall ${LANG_ENGLISH} "Uninstall the organizer"
LangString ServerReady ${LANG_RUSSIAN} "Сервер офиса установлен и запущен. Если ниже показан пароль администратора, запишите его сейчас: он показывается один раз."
LangString ServerReady ${LANG_ENGLISH} "The office server is installed and running. If an administrator password is shown below, write it down now: it is shown only once."
LangString ServerFailed ${LANG_RUSSIAN} "Не удалось подготовить сервер офиса:"
LangString ServerFailed ${LANG_ENGLISH} "The office server could not be prepared:"
LangString DataKept ${LANG_RUSSIAN} "Данные офиса сохранены в папке C:\ProgramData\lan-organizer. Удалите её вручную, если они больше не нужны."
LangString DataKept ${LANG_ENGLISH} "The office data is kept in C:\ProgramData\lan-organizer. Delete that folder yourself if it is no longer needed."


Function un.onInit
    SetRegView 64
    !insertmacro MUI_UNGETLANGUAGE
FunctionEnd

; Waits (up to a minute) until the office service has stopped: its files are in use until then, and a stop
; waits for a backup under way. sc.exe says STOPPED in every language of Windows.
!macro WAIT_STOPPED UN FIND
Function ${UN}WaitServiceStopped
    StrCpy $R0 0
    ${Do}
        nsExec::ExecToStack 'sc.exe query ${SERVICE}'
        Pop $0
        Pop $1
        ${If} $0 != 0
            Return  ; no such service
        ${EndIf}
        ${${FIND}} $R1 $1 "STOPPED"
        ${If} $R1 != ""
            Return
        ${EndIf}
        IntOp $R0 $R0 + 1
        ${If} $R0 > 120
            Return
        ${EndIf}
        Sleep 500
    ${Loop}
FunctionEnd
!macroend
!insertmacro WAIT_STOPPED "" StrStr
!insertmacro WAIT_STOPPED "un." UnStrStr

Section "!$(SecAppName)" SecApp
    SectionIn RO
    ; An update: the running service holds its files, so it stops first and starts again at the end.
    nsExec::Exec 'sc.exe stop ${SERVICE}'
    Pop $0
    Call WaitServiceStopped
    SetOutPath "$INSTDIR"
    File /r "${SRC}\*"
    WriteUninstaller "$INSTDIR\Uninstall.exe"
    CreateDirectory "$SMPROGRAMS\$(AppName)"
    CreateShortcut "$SMPROGRAMS\$(AppName)\$(AppName).lnk" "$INSTDIR\Organizer.exe"
    CreateShortcut "$SMPROGRAMS\$(AppName)\$(Uninstall).lnk" "$INSTDIR\Uninstall.exe"
    CreateShortcut "$DESKTOP\$(AppName).lnk" "$INSTDIR\Organizer.exe"
    WriteRegStr HKLM "Software\${APPKEY}" "InstallDir" "$INSTDIR"
    WriteRegStr HKLM "${UNINSTKEY}" "DisplayName" "$(AppName)"
    WriteRegStr HKLM "${UNINSTKEY}" "DisplayVersion" "${VERSION}"
    WriteRegStr HKLM "${UNINSTKEY}" "Publisher" "LAN organizer"
    WriteRegStr HKLM "${UNINSTKEY}" "DisplayIcon" "$INSTDIR\Organizer.exe"
    WriteRegStr HKLM "${UNINSTKEY}" "UninstallString" '"$INSTDIR\Uninstall.exe"'
    WriteRegDWORD HKLM "${UNINSTKEY}" "NoModify" 1
    WriteRegDWORD HKLM "${UNINSTKEY}" "NoRepair" 1
    nsExec::Exec 'sc.exe start ${SERVICE}'
    Pop $0
SectionEnd

Section /o "$(SecServerName)" SecServer
    ; Makes C:\ProgramData\lan-organizer\server with an administrator unless it exists (an update keeps it).
    ${If} $AdminPassword != ""
        nsExec::ExecToStack '"$INSTDIR\OrganizerServer.exe" service prepare --admin-password "$AdminPassword"'
    ${Else}
        nsExec::ExecToStack '"$INSTDIR\OrganizerServer.exe" service prepare'
    ${EndIf}
    Pop $0
    Pop $1
    ${If} $0 != 0
        MessageBox MB_OK|MB_ICONSTOP "$(ServerFailed)$\r$\n$1" /SD IDOK
        SetErrorLevel 2  ; a silent install says so in its exit code
        Return
    ${EndIf}
    nsExec::ExecToLog '"$INSTDIR\OrganizerServer.exe" service install'
    Pop $0
    nsExec::ExecToLog 'netsh advfirewall firewall delete rule name="LAN organizer server"'
    Pop $0
    nsExec::ExecToLog 'netsh advfirewall firewall add rule name="LAN organizer server" dir=in action=allow protocol=TCP localport=7755 profile=private,domain'
    Pop $0
    nsExec::ExecToLog 'netsh advfirewall firewall delete rule name="LAN organizer web"'
    Pop $0
    nsExec::ExecToLog 'netsh advfirewall firewall add rule name="LAN organizer web" dir=in action=allow protocol=TCP localport=7756 profile=private,domain'
    Pop $0
    nsExec::ExecToLog 'netsh advfirewall firewall delete rule name="LAN organizer discovery"'
    Pop $0
    nsExec::ExecToLog 'netsh advfirewall firewall add rule name="LAN organizer discovery" dir=in action=allow protocol=UDP localport=5353 profile=private,domain'
    Pop $0
    nsExec::ExecToLog '"$INSTDIR\OrganizerServer.exe" service start'
    Pop $0
    WriteRegDWORD HKLM "Software\${APPKEY}" "Server" 1
    MessageBox MB_OK|MB_ICONINFORMATION "$(ServerReady)$\r$\n$\r$\n$1" /SD IDOK
SectionEnd

Function .onInit
    ${IfNot} ${RunningX64}
        MessageBox MB_OK|MB_ICONSTOP "64-bit Windows 10 or 11 is needed."
        Abort
    ${EndIf}
    SetRegView 64
    ; An office server installed before stays one on an update (its part is ticked); /SERVER ticks it for a silent
    ; install (Setup.exe /S /SERVER /ADMINPASSWORD=...), whose password is then the administrator's.
    ReadRegDWORD $0 HKLM "Software\${APPKEY}" "Server"
    ${GetParameters} $R0
    ClearErrors
    ${GetOptions} $R0 "/SERVER" $R1
    ${If} $0 == 1
    ${OrIfNot} ${Errors}
        SectionSetFlags ${SecServer} ${SF_SELECTED}
    ${EndIf}
    ClearErrors
    ${GetOptions} $R0 "/ADMINPASSWORD=" $AdminPassword
    !insertmacro MUI_LANGDLL_DISPLAY
FunctionEnd

!insertmacro MUI_FUNCTION_DESCRIPTION_BEGIN
    !insertmacro MUI_DESCRIPTION_TEXT ${SecApp} $(SecAppDesc)
    !insertmacro MUI_DESCRIPTION_TEXT ${SecServer} $(SecServerDesc)
!insertmacro MUI_FUNCTION_DESCRIPTION_END

Section "Uninstall"
    nsExec::ExecToLog '"$INSTDIR\OrganizerServer.exe" service stop'
    Pop $0
    Call un.WaitServiceStopped
    nsExec::ExecToLog '"$INSTDIR\OrganizerServer.exe" service remove'
    Pop $0
    nsExec::ExecToLog 'netsh advfirewall firewall delete rule name="LAN organizer server"'
    Pop $0
    nsExec::ExecToLog 'netsh advfirewall firewall delete rule name="LAN organizer web"'
    Pop $0
    nsExec::ExecToLog 'netsh advfirewall firewall delete rule name="LAN organizer discovery"'
    Pop $0
    Delete "$DESKTOP\$(AppName).lnk"
    RMDir /r "$SMPROGRAMS\$(AppName)"
    RMDir /r "$INSTDIR"
    DeleteRegKey HKLM "${UNINSTKEY}"
    ReadRegDWORD $0 HKLM "Software\${APPKEY}" "Server"
    DeleteRegKey HKLM "Software\${APPKEY}"
    ${If} $0 == 1
        MessageBox MB_OK|MB_ICONINFORMATION "$(DataKept)" /SD IDOK
    ${EndIf}
SectionEnd
