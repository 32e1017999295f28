; GovTrack (督查台账) installer, built by packaging/build_windows.py:
;   makensis -DVERSION=0.1.0 -DSRCDIR=build/windows/GovTrack -DOUTFILE=dist/GovTrack-0.1.0-win64-setup.exe govtrack.nsi
; Per-user by default (no administrator rights): %LOCALAPPDATA%\Programs\GovTrack.
; Silent install: setup.exe /S [/PORTABLE] [/D=C:\path\GovTrack]  (/D must come last).
; The database lives in %LOCALAPPDATA%\GovTrack (or, in portable mode, in data\ beside
; the program); the uninstaller leaves both alone.

Unicode true
Target amd64-unicode
SetCompressor /SOLID lzma
SetCompressorDictSize 32
ManifestDPIAware true
RequestExecutionLevel user

!ifndef VERSION
  !error "makensis -DVERSION=… -DSRCDIR=… -DOUTFILE=…"
!endif

!define APP "GovTrack"
!define TITLE "督查台账"
!define UNINST_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\GovTrack"

Name "${TITLE} ${VERSION}"
OutFile "${OUTFILE}"
InstallDir "$LOCALAPPDATA\Programs\GovTrack"
InstallDirRegKey HKCU "Software\GovTrack" "InstallDir"
BrandingText "GovTrack ${VERSION}"

VIProductVersion "${VERSION}.0"
VIAddVersionKey /LANG=2052 "ProductName" "督查台账 GovTrack"
VIAddVersionKey /LANG=2052 "FileDescription" "督查台账安装程序"
VIAddVersionKey /LANG=2052 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=2052 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=2052 "LegalCopyright" "GovTrack"

!include "MUI2.nsh"
!include "FileFunc.nsh"
!include "LogicLib.nsh"

!define MUI_ABORTWARNING
!define MUI_COMPONENTSPAGE_NODESC
!define MUI_FINISHPAGE_RUN
!define MUI_FINISHPAGE_RUN_FUNCTION StartWindow
!define MUI_FINISHPAGE_RUN_TEXT "启动督查台账"
!define MUI_WELCOMEPAGE_TEXT "将在本机安装督查台账 ${VERSION}（政府工作报告任务督查台账）。$\r$\n$\r$\n默认只为当前用户安装，不需要管理员权限；台账数据保存在「$LOCALAPPDATA\GovTrack」，卸载时不会删除。$\r$\n$\r$\n如需在U盘上使用，请在下一步选择「便携模式」并把安装位置选在U盘上。"

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_COMPONENTS
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "SimpChinese"

Section "督查台账（程序）" SecMain
  SectionIn RO
  SetOutPath "$INSTDIR"
  ; An older version's files go first, so nothing stale is left behind; data\ stays.
  RMDir /r "$INSTDIR\Lib"
  RMDir /r "$INSTDIR\govtrack"
  RMDir /r "$INSTDIR\resources"
  RMDir /r "$INSTDIR\db"
  File /r "${SRCDIR}\*.*"
  WriteUninstaller "$INSTDIR\uninstall.exe"

  WriteRegStr HKCU "Software\GovTrack" "InstallDir" "$INSTDIR"
  WriteRegStr HKCU "${UNINST_KEY}" "DisplayName" "督查台账 GovTrack"
  WriteRegStr HKCU "${UNINST_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINST_KEY}" "Publisher" "GovTrack"
  WriteRegStr HKCU "${UNINST_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINST_KEY}" "DisplayIcon" "$INSTDIR\pythonw.exe"
  WriteRegStr HKCU "${UNINST_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKCU "${UNINST_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKCU "${UNINST_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINST_KEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  WriteRegDWORD HKCU "${UNINST_KEY}" "EstimatedSize" $0
SectionEnd

Section "开始菜单和桌面快捷方式" SecShortcuts
  ; Shortcuts start in the user's Documents, where exported files are looked for first.
  SetOutPath "$DOCUMENTS"
  CreateDirectory "$SMPROGRAMS\${TITLE}"
  CreateShortCut "$SMPROGRAMS\${TITLE}\${TITLE}.lnk" "$INSTDIR\pythonw.exe" '"$INSTDIR\govtrack-gui.pyw"' "$INSTDIR\pythonw.exe" 0
  CreateShortCut "$SMPROGRAMS\${TITLE}\${TITLE}（命令行）.lnk" "$SYSDIR\cmd.exe" '/k "set PATH=$INSTDIR;%PATH%&& govtrack --help"' "$SYSDIR\cmd.exe" 0
  CreateShortCut "$SMPROGRAMS\${TITLE}\卸载${TITLE}.lnk" "$INSTDIR\uninstall.exe"
  CreateShortCut "$DESKTOP\${TITLE}.lnk" "$INSTDIR\pythonw.exe" '"$INSTDIR\govtrack-gui.pyw"' "$INSTDIR\pythonw.exe" 0
  SetOutPath "$INSTDIR"
SectionEnd

Section /o "便携模式（数据保存在程序文件夹的 data 中，适合U盘）" SecPortable
  FileOpen $0 "$INSTDIR\portable" w
  FileWrite $0 "GovTrack portable mode: the database, its backups and the window settings live in data\ beside this file.$\r$\n"
  FileClose $0
  CreateDirectory "$INSTDIR\data"
SectionEnd

Function StartWindow
  Exec '"$INSTDIR\pythonw.exe" "$INSTDIR\govtrack-gui.pyw"'
FunctionEnd

Function .onInit
  ; /PORTABLE on the command line (for silent installs) selects the portable section.
  ${GetParameters} $0
  ClearErrors
  ${GetOptions} $0 "/PORTABLE" $1
  ${IfNot} ${Errors}
    SectionGetFlags ${SecPortable} $1
    IntOp $1 $1 | ${SF_SELECTED}
    SectionSetFlags ${SecPortable} $1
  ${EndIf}
FunctionEnd

Section "Uninstall"
  ; Only what the installer put here; the user's databases (data\, %LOCALAPPDATA%\GovTrack) stay.
  RMDir /r "$INSTDIR\Lib"
  RMDir /r "$INSTDIR\govtrack"
  RMDir /r "$INSTDIR\resources"
  RMDir /r "$INSTDIR\db"
  Delete "$INSTDIR\*.dll"
  Delete "$INSTDIR\*.pyd"
  Delete "$INSTDIR\*.exe"
  Delete "$INSTDIR\*.cat"
  Delete "$INSTDIR\python*.zip"
  Delete "$INSTDIR\python*._pth"
  Delete "$INSTDIR\LICENSE.txt"
  Delete "$INSTDIR\README.md"
  Delete "$INSTDIR\govtrack.cmd"
  Delete "$INSTDIR\${TITLE}.cmd"
  Delete "$INSTDIR\govtrack-gui.pyw"
  ${IfNot} ${FileExists} "$INSTDIR\data\*.*"
    Delete "$INSTDIR\portable"
  ${EndIf}
  RMDir "$INSTDIR"
  Delete "$SMPROGRAMS\${TITLE}\*.lnk"
  RMDir "$SMPROGRAMS\${TITLE}"
  Delete "$DESKTOP\${TITLE}.lnk"
  DeleteRegKey HKCU "${UNINST_KEY}"
  DeleteRegValue HKCU "Software\GovTrack" "InstallDir"
SectionEnd
