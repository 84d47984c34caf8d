"""The office server as a Windows service (pywin32's service framework): installed by Setup.exe, starts with the PC.

Imported only on Windows, from the `service` command.
"""

from __future__ import annotations

import logging
import subprocess
import sys

import servicemanager  # type: ignore[import-not-found]
import win32service  # type: ignore[import-not-found]
import win32serviceutil  # type: ignore[import-not-found]

from lan_server.service_runner import SERVICE_NAME, ServiceRunner, log_to_file, service_data_dir


class OrganizerService(win32serviceutil.ServiceFramework):  # type: ignore[misc]
    _svc_name_ = SERVICE_NAME
    _svc_display_name_ = "LAN organizer office server"
    _svc_description_ = "Keeps the office's shared organizer data and syncs every PC (TCP port 7755)."

    def __init__(self, args: list[str]) -> None:
        super().__init__(args)
        self.runner = ServiceRunner(service_data_dir())

    def SvcStop(self) -> None:  # noqa: N802 - pywin32's name
        self.ReportServiceStatus(win32service.SERVICE_STOP_PENDING, waitHint=30000)
        self.runner.stop()

    def SvcDoRun(self) -> None:  # noqa: N802 - pywin32's name
        log = log_to_file(service_data_dir())
        servicemanager.LogInfoMsg(f"{SERVICE_NAME}: serving {service_data_dir()}, log in {log}")
        logging.getLogger(__name__).info("serving %s", service_data_dir())
        try:
            self.runner.run()
        except Exception:
            logging.getLogger(__name__).exception("the office server stopped")
            raise


def dispatch() -> None:
    """Called as `OrganizerServer.exe service run` by the Windows service manager."""
    servicemanager.Initialize()
    servicemanager.PrepareToHostSingle(OrganizerService)
    servicemanager.StartServiceCtrlDispatcher()


def install() -> None:
    """Register the service to start with the PC; it runs this program with `service run`."""
    if getattr(sys, "frozen", False):
        exe, args = sys.executable, "service run"
    else:
        exe, args = sys.executable, "-m lan_server service run"
    win32serviceutil.InstallService(None, SERVICE_NAME, OrganizerService._svc_display_name_,
                                    startType=win32service.SERVICE_AUTO_START, exeName=exe, exeArgs=args,
                                    description=OrganizerService._svc_description_)
    # Restart after a crash, as the systemd unit does: after 5 s, again after 5 s, then after 60 s.
    subprocess.run(["sc.exe", "failure", SERVICE_NAME, "reset=", "86400",
                    "actions=", "restart/5000/restart/5000/restart/60000"], check=False, capture_output=True)
    service_data_dir().mkdir(parents=True, exist_ok=True)


def control(action: str) -> None:
    {"start": win32serviceutil.StartService, "stop": win32serviceutil.StopService,
     "remove": win32serviceutil.RemoveService}[action](SERVICE_NAME)
