#pragma once

#include <QByteArray>
#include <QDir>
#include <QFile>
#include <QSize>
#include <QString>

// Widget tests that depend on the screen's size run on an offscreen screen of a given size:
// the offscreen platform reads its screens from a JSON file named in its platform argument.
// Call before the QApplication is made.
inline void useOffscreenScreen(QSize size)
{
    const QString path =
        QDir::temp().filePath(QStringLiteral("mesolive-offscreen-%1x%2.json").arg(size.width()).arg(size.height()));
    QFile file(path);
    if (file.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
        file.write(QStringLiteral(R"({"screens": [{"name": "Screen", "x": 0, "y": 0, "width": %1, "height": %2,)"
                                  R"( "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]})")
                       .arg(size.width())
                       .arg(size.height())
                       .toUtf8());
    }
    qputenv("QT_QPA_PLATFORM", "offscreen:configfile=" + path.toUtf8());
}
