"""JupyterLab settings of the classroom: this computer only, and nothing that reaches the internet."""

from pathlib import Path

c = get_config()  # noqa: F821 (provided by Jupyter when it reads this file)

c.ServerApp.ip = "127.0.0.1"
c.ServerApp.open_browser = False
c.ServerApp.port_retries = 0
c.ServerApp.allow_root = True  # containers and CI run as root
c.LabApp.news_url = None
c.LabApp.check_for_updates_class = "jupyterlab.NeverCheckForUpdate"
c.LabApp.extension_manager = "readonly"
c.LabApp.app_settings_dir = str(Path(__file__).resolve().parent)
