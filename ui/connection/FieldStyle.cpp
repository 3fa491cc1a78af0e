#include "FieldStyle.h"

#include <QLineEdit>
#include <QPalette>
#include <QWidget>

namespace ui {

namespace {

// Red that stays readable on light and dark backgrounds.
QColor errorColor(const QPalette &palette)
{
    return palette.color(QPalette::Base).lightness() < 128 ? QColor(0xff, 0x7b, 0x72) : QColor(0xc0, 0x1c, 0x28);
}

} // namespace

void markInvalid(QWidget *widget, bool invalid)
{
    widget->setProperty("invalid", invalid);
    if (!invalid) {
        widget->setPalette(QPalette()); // back to the inherited palette
        return;
    }
    QPalette palette = widget->palette();
    const QColor red = errorColor(palette);
    palette.setColor(QPalette::Text, red);
    palette.setColor(QPalette::WindowText, red);
    widget->setPalette(palette);
}

void makeSecret(QLineEdit *edit)
{
    edit->setEchoMode(QLineEdit::Password);
    edit->setInputMethodHints(Qt::ImhHiddenText | Qt::ImhSensitiveData | Qt::ImhNoAutoUppercase | Qt::ImhNoPredictiveText);
}

} // namespace ui
