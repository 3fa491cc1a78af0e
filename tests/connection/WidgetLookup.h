#pragma once

#include <QWidget>

// The named child widget of `parent`; a test that asks for one that is not there stops.
template<typename T>
T *child(const QWidget &parent, const char *name)
{
    T *widget = parent.findChild<T *>(QLatin1String(name));
    if (!widget)
        qFatal("no child %s", name);
    return widget;
}
