#pragma once

#include <QObject>
#include <QPointer>
#include <QTimer>

class QAbstractItemView;

namespace ui {

// Auto-scroll for a live table, Wireshark's tail mode: while the user is at the end where
// new rows arrive (the bottom, or the top when sorted descending), new rows are scrolled into view (at most every 100 ms, not per
// insert); scrolling away pauses it, scrolling back to the end resumes it.
class TailFollower final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TailFollower)

public:
    explicit TailFollower(QAbstractItemView *view);

    // Jumps to the end and follows again.
    void resume();

signals:
    void followingChanged(bool following);

private:
    void setFollowing(bool following);
    void onScrolled(int value);
    void onTick();
    bool newestAtTop() const;
    bool isAtNewestEnd(int scrollValue) const;

    QPointer<QAbstractItemView> m_view;
    QTimer m_timer;
    bool m_following = true;
    bool m_rowsArrived = false;
    bool m_scrolling = false;
};

} // namespace ui
