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
LangString StillRunning ${LANG_RUSSIAN} "Органайзер офиса ещё открыт на этом компьютере, а открытую программу удалить нельзя.$\r$\n$\r$\nЗакройте его окно и нажмите «ОК». Можно и сразу нажать «ОК»: программа удаления закроет его сама, и всё введённое в карточке сохранится.$\r$\n$\r$\n«Отмена» — ничего не удалять."
LangString StillRunning ${LANG_ENGLISH} "The office organizer is still open on this PC, and an open program cannot be removed.$\r$\n$\r$\nClose its window and press OK. You may also press OK at once: the uninstaller closes it itself, and whatever was typed in a card is saved.$\r$\n$\r$\nCancel: remove nothing."
LangString Closing ${LANG_RUSSIAN} "Закрываем открытый органайзер..."
LangString Closing ${LANG_ENGLISH} "Closing the open organizer..."
LangString RemovedAtRestart ${LANG_RUSSIAN} "Органайзер удалён, но часть его файлов ещё занята и будет удалена при следующей перезагрузке компьютера (папка $INSTDIR)."
LangString RemovedAtRestart ${LANG_ENGLISH} "The organizer is removed, but some of its files are still in use and will be removed when the PC restarts next (the folder $INSTDIR)."
LangString DataKept ${LANG_RUSSIAN} "Данные офиса сохранены в папке C:\ProgramData\lan-organizer. Удалите её вручную, если они больше не нужны."
LangString DataKept ${LANG_ENGLISH} "The office data is kept in C:\ProgramData\lan-organizer. Delete that folder yourself if it is no longer needed."


; The uninstaller speaks the language the organizer was installed in (a silent install too), without asking again;
; with none recorded (an install made before the language was), Windows' own display language, as NSIS picks it.
Function un.onInit
    SetRegView 64
    ReadRegStr $0 HKLM "Software\${APPKEY}" "Language"
    ${If} $0 != ""
        StrCpy $LANGUAGE $0
    ${EndIf}
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
    WriteRegStr HKLM "Software\${APPKEY}" "Language" "$LANGUAGE"
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

; The running copies of THIS install's window or commands ($INSTDIR\Organizer.exe; another install's are left
; alone), as taskkill arguments in $R9 ("/PID 12 /PID 34"; "" when none). A program's files cannot be removed while it
; runs. The uninstaller is a 32-bit program: QueryFullProcessImageName reads a 64-bit program's path all the same.
Function un.RunningCopies
    StrCpy $R9 ""
    StrCpy $R8 "$INSTDIR"
    StrCpy $0 $R8 1 -1
    ${If} $0 == "\"
        StrCpy $R8 $R8 -1
    ${EndIf}
    StrCpy $R8 "$R8\Organizer.exe"
    System::Call 'kernel32::GetCurrentProcessId() i .r5'
    System::Alloc 16384  ; room for 4,096 process ids
    Pop $1
    System::Call 'psapi::EnumProcesses(p r1, i 16384, *i .r2) i .r0'
    ${If} $0 <> 0
        IntOp $2 $2 / 4
        StrCpy $3 0
        ${DoWhile} $3 < $2
            IntOp $4 $3 * 4
            IntOp $4 $1 + $4
            System::Call '*$4(i .r7)'
            IntOp $3 $3 + 1
            ${If} $7 = 0
            ${OrIf} $7 = $5
                ${Continue}
            ${EndIf}
            System::Call 'kernel32::OpenProcess(i 0x1000, i 0, i r7) p .r8'  ; PROCESS_QUERY_LIMITED_INFORMATION
            ${If} $8 = 0
                ${Continue}
            ${EndIf}
            System::Call 'kernel32::QueryFullProcessImageNameW(p r8, i 0, w .r9, *i ${NSIS_MAX_STRLEN}) i .r0'
            System::Call 'kernel32::CloseHandle(p r8)'
            ${If} $0 <> 0
            ${AndIf} $9 == $R8  ; StrCmp: the same path in any letter case, as Windows names files
                StrCpy $R9 "$R9 /PID $7"
            ${EndIf}
        ${Loop}
    ${EndIf}
    System::Free $1
FunctionEnd

; Waits up to $R7 half-seconds for the copies found to end; $R9 is what still runs.
Function un.WaitCopiesGone
    ${Do}
        Call un.RunningCopies
        ${If} $R9 == ""
        ${OrIf} $R7 <= 0
            Return
        ${EndIf}
        IntOp $R7 $R7 - 1
        Sleep 500
    ${Loop}
FunctionEnd

; Before anything is removed: a person is asked to close the open organizer (or to let it be closed), a silent
; uninstall closes it itself. First as the user would (taskkill without /F sends the window WM_CLOSE, and the window
; saves its card), then, after 20 s, by force; 30 s in all. Whatever still runs then is removed at the next restart.
Function un.CloseRunningCopies
    Call un.RunningCopies
    ${If} $R9 == ""
        Return
    ${EndIf}
    MessageBox MB_OKCANCEL|MB_ICONEXCLAMATION "$(StillRunning)" /SD IDOK IDOK +2
    Abort
    StrCpy $R7 4  ; the user may have just closed it
    Call un.WaitCopiesGone
    ${If} $R9 == ""
        Return
    ${EndIf}
    DetailPrint "$(Closing)"
    nsExec::ExecToLog 'taskkill.exe$R9'
    Pop $0
    StrCpy $R7 40
    Call un.WaitCopiesGone
    ${If} $R9 != ""
        nsExec::ExecToLog 'taskkill.exe /F$R9'
        Pop $0
        StrCpy $R7 20
        Call un.WaitCopiesGone
    ${EndIf}
FunctionEnd

Section "Uninstall"
    Call un.CloseRunningCopies
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
    ; A file still in use (a program that would not end, one started from the folder by hand) goes at the next
    ; restart, and the uninstaller says so: never a half-removed program left silently.
    Delete /REBOOTOK "$DESKTOP\$(AppName).lnk"
    RMDir /r /REBOOTOK "$SMPROGRAMS\$(AppName)"
    RMDir /r /REBOOTOK "$INSTDIR"
    DeleteRegKey HKLM "${UNINSTKEY}"
    ReadRegDWORD $0 HKLM "Software\${APPKEY}" "Server"
    DeleteRegKey HKLM "Software\${APPKEY}"
    ${If} $0 == 1
        MessageBox MB_OK|MB_ICONINFORMATION "$(DataKept)" /SD IDOK
    ${EndIf}
    ${If} ${RebootFlag}
        DetailPrint "$(RemovedAtRestart)"
        MessageBox MB_OK|MB_ICONEXCLAMATION "$(RemovedAtRestart)" /SD IDOK
        SetErrorLevel 3010  ; ERROR_SUCCESS_REBOOT_REQUIRED: what a deployment tool reads from a silent run
    ${EndIf}
SectionEnd
