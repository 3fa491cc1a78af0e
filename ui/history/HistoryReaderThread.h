#pragma once

#include "store/HistoryReader.h"

#include <QObject>
#include <QPointer>
#include <QThread>

#include <functional>

namespace ui {

// A store::HistoryReader on a thread of its own: jobs run there in the order posted, and
// their answers come back on the caller's thread. The history uses two, so that a count
// over millions of events never holds up the rows the user is looking at.
class HistoryReaderThread final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HistoryReaderThread)

public:
    explicit HistoryReaderThread(const QString &name, QObject *parent = nullptr);
    // Waits for the running job (a scan asks now and then whether it is still wanted).
    ~HistoryReaderThread() override;

    using Job = std::function<void(store::HistoryReader &reader)>;
    // Runs `job` on the reader's thread.
    void post(Job job);
    // Runs `job` there, then `answer` on this object's thread unless `context` is gone.
    template<typename Result>
    void request(std::function<Result(store::HistoryReader &)> job, QObject *context, std::function<void(const Result &)> answer)
    {
        QPointer<QObject> guard(context);
        // `this` outlives every job: its destructor waits for the thread.
        post([this, job = std::move(job), guard, answer = std::move(answer)](store::HistoryReader &reader) {
            reply(guard, [answer, result = job(reader)] { answer(result); });
        });
    }
    // From a job: runs `answer` on this object's thread unless `context` is gone (a job's
    // news before its end, such as a count's progress).
    void reply(const QPointer<QObject> &context, std::function<void()> answer)
    {
        QMetaObject::invokeMethod(this, [context, answer = std::move(answer)] {
            if (context)
                answer();
        });
    }

private:
    QThread m_thread;
    QObject *m_worker;
    store::HistoryReader m_reader;
};

} // namespace ui
