"""The one place that imports PyQt6; the rest of the UI imports Qt names from here."""

from PyQt6.QtCore import (  # noqa: F401
    QAbstractTableModel, QByteArray, QCoreApplication, QDate, QDateTime, QEvent, QItemSelectionModel,
    QLibraryInfo, QLocale, QModelIndex, QObject, QPoint, QRect, QSettings, QSize, QSortFilterProxyModel, Qt,
    QThread, QTime, QTimer, QTranslator, QUrl, pyqtSignal, pyqtSlot,
)
from PyQt6.QtGui import (  # noqa: F401
    QAction, QColor, QDesktopServices, QFont, QGuiApplication, QIcon, QKeySequence, QPainter, QPalette,
    QPixmap, QShortcut, QStandardItem, QStandardItemModel, QUndoStack,
)
from PyQt6.QtWidgets import (  # noqa: F401
    QAbstractItemView, QApplication, QCheckBox, QComboBox, QDateEdit, QDateTimeEdit, QDialog,
    QDialogButtonBox, QDoubleSpinBox, QFileDialog, QFormLayout, QFrame, QGridLayout, QGroupBox, QHBoxLayout,
    QHeaderView, QInputDialog, QLabel, QLineEdit, QListWidget, QListWidgetItem, QMainWindow, QMenu,
    QMessageBox, QPlainTextEdit, QProgressBar, QProgressDialog, QPushButton, QScrollArea, QSizePolicy,
    QSpinBox, QSplitter, QStackedWidget, QStatusBar, QStyle, QSystemTrayIcon, QTableView, QTableWidget,
    QTableWidgetItem, QTabWidget, QTextBrowser, QTextEdit, QToolBar, QToolButton, QTreeWidget,
    QTreeWidgetItem, QVBoxLayout, QWidget,
)
