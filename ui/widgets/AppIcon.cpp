#include "AppIcon.h"

#include <QPainter>
#include <QPainterPath>
#include <QPixmap>

namespace ui {

namespace {

QPixmap paintIcon(int size)
{
    QPixmap pixmap(size, size);
    pixmap.fill(Qt::transparent);
    QPainter painter(&pixmap);
    painter.setRenderHint(QPainter::Antialiasing);
    const qreal s = size / 64.0;
    QLinearGradient background(0, 0, 0, size);
    background.setColorAt(0, QColor(0x1f, 0x4e, 0x8c));
    background.setColorAt(1, QColor(0x0d, 0x2a, 0x52));
    painter.setPen(Qt::NoPen);
    painter.setBrush(background);
    painter.drawRoundedRect(QRectF(2 * s, 2 * s, 60 * s, 60 * s), 12 * s, 12 * s);
    // A pulse line: live activity.
    QPainterPath pulse;
    pulse.moveTo(10 * s, 36 * s);
    pulse.lineTo(22 * s, 36 * s);
    pulse.lineTo(28 * s, 18 * s);
    pulse.lineTo(36 * s, 48 * s);
    pulse.lineTo(42 * s, 30 * s);
    pulse.lineTo(54 * s, 30 * s);
    painter.setBrush(Qt::NoBrush);
    painter.setPen(QPen(QColor(0x4c, 0xd9, 0x7b), 5 * s, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
    painter.drawPath(pulse);
    painter.setPen(Qt::NoPen);
    painter.setBrush(QColor(0xff, 0xb3, 0x00));
    painter.drawEllipse(QPointF(54 * s, 30 * s), 4.5 * s, 4.5 * s);
    return pixmap;
}

} // namespace

QIcon appIcon()
{
    QIcon icon(QStringLiteral(":/icons/mesolive.svg"));
    if (!icon.pixmap(32, 32).isNull())
        return icon;
    QIcon painted;
    for (int size : {16, 24, 32, 48, 64, 128, 256})
        painted.addPixmap(paintIcon(size));
    return painted;
}

} // namespace ui
