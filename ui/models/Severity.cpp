#include "Severity.h"

#include <QHash>
#include <QPainter>
#include <QPainterPath>
#include <QPixmap>

namespace ui {

QColor severityBackground(Severity severity)
{
    switch (severity) {
    case Severity::Active: return QColor(0xe3, 0xf0, 0xff);
    case Severity::Warning: return QColor(0xff, 0xf4, 0xe0);
    case Severity::Error: return QColor(0xfd, 0xe8, 0xe8);
    case Severity::Critical: return QColor(0xf8, 0xc8, 0xc8);
    case Severity::Info:
    case Severity::Success:
    case Severity::Muted: break;
    }
    return {};
}

QColor severityForeground(Severity severity)
{
    switch (severity) {
    case Severity::Muted: return QColor(0x80, 0x80, 0x80);
    case Severity::Critical: return QColor(0x7f, 0x00, 0x00);
    case Severity::Error: return QColor(0x9a, 0x10, 0x10);
    case Severity::Info:
    case Severity::Success:
    case Severity::Active:
    case Severity::Warning: break;
    }
    return {};
}

QColor severityAccent(Severity severity)
{
    switch (severity) {
    case Severity::Info: return QColor(0x5f, 0x7c, 0x99);
    case Severity::Success: return QColor(0x2e, 0x7d, 0x32);
    case Severity::Active: return QColor(0x15, 0x65, 0xc0);
    case Severity::Warning: return QColor(0xe6, 0x7e, 0x00);
    case Severity::Error: return QColor(0xc6, 0x28, 0x28);
    case Severity::Critical: return QColor(0x8e, 0x00, 0x00);
    case Severity::Muted: return QColor(0xa0, 0xa0, 0xa0);
    }
    return {};
}

QString severityName(Severity severity)
{
    switch (severity) {
    case Severity::Info: return QStringLiteral("Info");
    case Severity::Success: return QStringLiteral("Success");
    case Severity::Active: return QStringLiteral("Active");
    case Severity::Warning: return QStringLiteral("Warning");
    case Severity::Error: return QStringLiteral("Error");
    case Severity::Critical: return QStringLiteral("Critical");
    case Severity::Muted: return QStringLiteral("Done");
    }
    return {};
}

namespace {

// Shape by severity as well as colour, so that the icons stay distinguishable for
// colour-blind users: dot, check, ring, triangle, square, octagon, hollow dot.
QPixmap paintBadge(Severity severity, int size)
{
    QPixmap pixmap(size, size);
    pixmap.fill(Qt::transparent);
    QPainter painter(&pixmap);
    painter.setRenderHint(QPainter::Antialiasing);
    const QColor accent = severityAccent(severity);
    const qreal s = size;
    const QRectF box(s * 0.12, s * 0.12, s * 0.76, s * 0.76);
    QPen glyphPen(Qt::white, qMax<qreal>(1.2, s / 9.0), Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin);
    switch (severity) {
    case Severity::Info:
        painter.setPen(Qt::NoPen);
        painter.setBrush(accent);
        painter.drawEllipse(box.adjusted(s * 0.14, s * 0.14, -s * 0.14, -s * 0.14));
        break;
    case Severity::Success: {
        painter.setPen(Qt::NoPen);
        painter.setBrush(accent);
        painter.drawEllipse(box);
        painter.setPen(glyphPen);
        QPainterPath tick;
        tick.moveTo(s * 0.32, s * 0.52);
        tick.lineTo(s * 0.45, s * 0.65);
        tick.lineTo(s * 0.69, s * 0.37);
        painter.setBrush(Qt::NoBrush);
        painter.drawPath(tick);
        break;
    }
    case Severity::Active:
        painter.setPen(QPen(accent, s / 8.0));
        painter.setBrush(Qt::NoBrush);
        painter.drawEllipse(box.adjusted(s * 0.04, s * 0.04, -s * 0.04, -s * 0.04));
        painter.setPen(Qt::NoPen);
        painter.setBrush(accent);
        painter.drawEllipse(box.adjusted(s * 0.22, s * 0.22, -s * 0.22, -s * 0.22));
        break;
    case Severity::Warning: {
        QPainterPath triangle;
        triangle.moveTo(s * 0.5, s * 0.08);
        triangle.lineTo(s * 0.94, s * 0.88);
        triangle.lineTo(s * 0.06, s * 0.88);
        triangle.closeSubpath();
        painter.setPen(Qt::NoPen);
        painter.setBrush(accent);
        painter.drawPath(triangle);
        painter.setPen(glyphPen);
        painter.drawLine(QPointF(s * 0.5, s * 0.36), QPointF(s * 0.5, s * 0.6));
        painter.drawPoint(QPointF(s * 0.5, s * 0.75));
        break;
    }
    case Severity::Error:
    case Severity::Critical: {
        painter.setPen(Qt::NoPen);
        painter.setBrush(accent);
        if (severity == Severity::Error) {
            painter.drawRoundedRect(box, s * 0.12, s * 0.12);
        } else {
            QPolygonF octagon;
            for (int i = 0; i < 8; ++i) {
                const qreal angle = (22.5 + 45.0 * i) * M_PI / 180.0;
                octagon << QPointF(s * 0.5 + s * 0.44 * std::cos(angle), s * 0.5 + s * 0.44 * std::sin(angle));
            }
            painter.drawPolygon(octagon);
        }
        painter.setPen(glyphPen);
        painter.drawLine(QPointF(s * 0.5, s * 0.28), QPointF(s * 0.5, s * 0.56));
        painter.drawPoint(QPointF(s * 0.5, s * 0.72));
        break;
    }
    case Severity::Muted:
        painter.setPen(QPen(accent, s / 9.0));
        painter.setBrush(Qt::NoBrush);
        painter.drawEllipse(box.adjusted(s * 0.16, s * 0.16, -s * 0.16, -s * 0.16));
        break;
    }
    return pixmap;
}

} // namespace

QIcon severityIcon(Severity severity)
{
    static QHash<int, QIcon> cache;
    auto it = cache.find(int(severity));
    if (it == cache.end()) {
        QIcon icon;
        for (int size : {12, 16, 24, 32})
            icon.addPixmap(paintBadge(severity, size));
        it = cache.insert(int(severity), icon);
    }
    return *it;
}

} // namespace ui
