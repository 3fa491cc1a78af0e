// mesolive-monitor: the desktop monitor for MesoLive automation. Connects with
// MESOLIVE_INSTANCE/MESOLIVE_API_KEY or the saved connection, otherwise (or with --demo)
// runs against the built-in Event Hub simulator.
//
// MESOLIVE_SCREENSHOT=file.png saves the window after MESOLIVE_SCREENSHOT_DELAY_MS (default
// 5000) and quits; MESOLIVE_SCREENSHOT_DOCK=history raises that dock first; the latest
// signal (with History raised, History's newest event) is selected, so that the inspector
// shows it. Used by
// scripts/screenshots.sh, and portable where no screen-grab tool is.

#include "MainWindow.h"
#include "history/HistoryPane.h"
#include "history/HistoryTableModel.h"
#include "models/EventFilterProxy.h"
#include "widgets/EventPane.h"
#include "widgets/EventTableView.h"
#include "mesolive/version.h"
#include "session/MonitorSession.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDockWidget>
#include <QElapsedTimer>
#include <QTimer>

#include <cstdio>

namespace {

void scheduleScreenshot(ui::MainWindow &window)
{
    const QString path = qEnvironmentVariable("MESOLIVE_SCREENSHOT");
    if (path.isEmpty())
        return;
    bool ok = false;
    int delay = qEnvironmentVariableIntValue("MESOLIVE_SCREENSHOT_DELAY_MS", &ok);
    if (!ok)
        delay = 5000;
    const QString dockId = qEnvironmentVariable("MESOLIVE_SCREENSHOT_DOCK");
    if (QDockWidget *dock = dockId.isEmpty() ? nullptr : window.dock(dockId)) {
        QTimer::singleShot(qMax(0, delay - 1500), &window, [dock] {
            dock->show();
            dock->raise();
        });
    }
    // The inspector shows what it is for: the latest signal's fields, or History's newest.
    QTimer::singleShot(qMax(0, delay - 1000), &window, [&window, dockId] {
        if (dockId == QLatin1String("history")) {
            ui::HistoryPane *history = window.historyPane();
            history->view()->setCurrentIndex(history->model()->index(0, 0));
            return;
        }
        ui::EventPane *signalsPane = window.livePane(ui::paneIds::Signals);
        const int rows = signalsPane->proxy()->rowCount();
        if (rows > 0)
            signalsPane->view()->setCurrentIndex(signalsPane->proxy()->index(rows - 1, 0));
    });
    QTimer::singleShot(delay, &window, [&window, path] {
        const bool saved = window.grab().save(path);
        std::fprintf(saved ? stdout : stderr, "%s %s\n", saved ? "Saved" : "Could not save", qPrintable(path));
        QApplication::exit(saved ? 0 : 1);
    });
}

const QCommandLineOption DemoOption(QStringLiteral("demo"), QStringLiteral("Run against the built-in simulated hub."));

void describeOptions(QCommandLineParser &parser)
{
    parser.setApplicationDescription(QStringLiteral("Live monitor for MesoLive Event Hub automation events."));
    parser.addHelpOption();
    parser.addOption({QStringLiteral("version"), QStringLiteral("Print the version and exit.")});
    parser.addOption(DemoOption);
}

bool hasArgument(int argc, char *argv[], std::initializer_list<const char *> names)
{
    for (int i = 1; i < argc; ++i) {
        for (const char *name : names) {
            if (qstrcmp(argv[i], name) == 0)
                return true;
        }
    }
    return false;
}

} // namespace

int main(int argc, char *argv[])
{
    QElapsedTimer startup;
    startup.start();
    // Before QApplication, which needs a display: --version and --help work on a bare
    // terminal.
    if (hasArgument(argc, argv, {"--version"})) {
        std::printf("mesolive-monitor %s\n", MESOLIVE_VERSION);
        return 0;
    }
    if (hasArgument(argc, argv, {"--help", "-h", "--help-all"})) {
        QCoreApplication core(argc, argv);
        QCommandLineParser parser;
        describeOptions(parser);
        std::printf("%s", qPrintable(parser.helpText()));
        return 0;
    }
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("MesoLive"));
    QApplication::setApplicationName(QStringLiteral("MesoLive Monitor"));
    QApplication::setApplicationVersion(QStringLiteral(MESOLIVE_VERSION));
    // Wayland ties the window to its menu entry and icon through the desktop file's name.
    QGuiApplication::setDesktopFileName(QStringLiteral("io.mesolive.Monitor"));

    QCommandLineParser parser;
    describeOptions(parser);
    parser.process(app);
    const QCommandLineOption &demo = DemoOption;

    ui::MonitorSession::Options options;
    options.forceDemo = parser.isSet(demo);
    ui::MonitorSession session(options);
    ui::MainWindow window(session);
    session.startFromConfiguration();
    window.show();
    if (qEnvironmentVariableIsSet("MESOLIVE_STARTUP_TIMING")) {
        QTimer::singleShot(0, &window, [&startup] { std::fprintf(stderr, "first paint after %lld ms\n", startup.elapsed()); });
    }
    scheduleScreenshot(window);
    return app.exec();
}
