; Inno Setup script: a per-user installer for the onedir bundle, no admin rights needed.
;   iscc /DAppVersion=0.1.0 tools\windows\coalition-desk.iss
; Reads dist\coalition-desk\ (built by `python -m PyInstaller build.spec`) and writes
; dist\coalition-desk-<version>-setup.exe.

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#define Root "..\.."

[Setup]
AppId={{6C1B2F0E-8E55-4A5B-9E0B-C0A11710DE5C}
AppName=Coalition Desk
AppVersion={#AppVersion}
AppPublisher=Coalition Desk
; Per user: installs under %LOCALAPPDATA%\Programs, writes only HKCU, never asks for admin.
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
DefaultDirName={autopf}\Coalition Desk
DefaultGroupName=Coalition Desk
DisableProgramGroupPage=yes
OutputDir={#Root}\dist
OutputBaseFilename=coalition-desk-{#AppVersion}-setup
SetupIconFile={#Root}\resources\icons\coalition-desk.ico
UninstallDisplayIcon={app}\coalition-desk-gui.exe
Compression=lzma2/max
SolidCompression=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
WizardStyle=modern

[Files]
Source: "{#Root}\dist\coalition-desk\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[InstallDelete]
; An update replaces the whole program folder: no stale library from an older version.
Type: filesandordirs; Name: "{app}\_internal"

[Icons]
Name: "{autoprograms}\Coalition Desk"; Filename: "{app}\coalition-desk-gui.exe"
Name: "{autodesktop}\Coalition Desk"; Filename: "{app}\coalition-desk-gui.exe"; Tasks: desktopicon

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; Flags: unchecked

[Run]
; Prove the installed copy works before the officer relies on it.
Filename: "{app}\coalition-desk.exe"; Parameters: "--selftest"; StatusMsg: "Checking the installation..."; Flags: runhidden waituntilterminated
Filename: "{app}\coalition-desk-gui.exe"; Description: "Start Coalition Desk"; Flags: nowait postinstall skipifsilent
