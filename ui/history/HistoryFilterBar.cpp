#include "HistoryFilterBar.h"

#include "eventhub/EventSeverity.h"
#include "models/EventPresentation.h"
#include "session/SettingKeys.h"

#include <QComboBox>
#include <QDateTimeEdit>
#include <QHBoxLayout>
#include <QVBoxLayout>
#include <QInputDialog>
#include <QLineEdit>
#include <QMenu>
#include <QSettings>
#include <QToolButton>

namespace ui {

namespace {

constexpr int TextDebounceMs = 300;

// The bar's state (state()), as saved with the pane and as a saved filter.
const QString KindKey = QStringLiteral("kind");
const QString StrategyKey = QStringLiteral("strategy");
const QString SeverityKey = QStringLiteral("severity");
const QString TimeKey = QStringLiteral("time");
const QString FromKey = QStringLiteral("from");
const QString ToKey = QStringLiteral("to");
const QString TextKey = QStringLiteral("text");

enum class TimeRange { Any, LastHour, Today, Last7Days, Custom };

using eventhub::Severity;

// Severity choices, from the least to the most selective.
QList<int> severitiesOf(int choice)
{
    switch (choice) {
    case 1: return {int(Severity::Warning), int(Severity::Error), int(Severity::Critical)};
    case 2: return {int(Severity::Error), int(Severity::Critical)};
    case 3: return {int(Severity::Active)};
    default: return {};
    }
}

} // namespace

HistoryFilterBar::HistoryFilterBar(QWidget *parent)
    : QWidget(parent)
    , m_kind(new QComboBox(this))
    , m_strategy(new QComboBox(this))
    , m_severity(new QComboBox(this))
    , m_time(new QComboBox(this))
    , m_from(new QDateTimeEdit(QDateTime::currentDateTime().addDays(-1), this))
    , m_to(new QDateTimeEdit(QDateTime::currentDateTime(), this))
    , m_text(new QLineEdit(this))
    , m_saved(new QToolButton(this))
{
    m_kind->addItem(tr("All kinds"));
    for (eventhub::EventKind kind : eventhub::allEventKinds()) {
        eventhub::Event sample;
        sample.kind = kind;
        m_kind->addItem(kindLabel(sample), eventhub::kindName(kind));
    }
    m_strategy->addItem(tr("All strategies"), qint64(-1));
    m_strategy->setMinimumContentsLength(18);
    m_strategy->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_severity->addItems({tr("Any severity"), tr("Warnings and errors"), tr("Errors"), tr("Active")});
    m_time->addItems({tr("Any time"), tr("Last hour"), tr("Today"), tr("Last 7 days"), tr("From … to …")});
    for (QDateTimeEdit *edit : {m_from, m_to}) {
        edit->setDisplayFormat(QStringLiteral("yyyy-MM-dd HH:mm"));
        edit->setCalendarPopup(true);
    }
    m_text->setPlaceholderText(tr("Search the whole history: words or their beginnings (Ctrl+F)"));
    m_text->setClearButtonEnabled(true);
    m_text->setMinimumWidth(220);
    m_saved->setText(tr("Saved filters"));
    m_saved->setPopupMode(QToolButton::InstantPopup);
    m_saved->setMenu(new QMenu(m_saved));
    connect(m_saved->menu(), &QMenu::aboutToShow, this, &HistoryFilterBar::showSavedMenu);

    // Two rows, words on top: in one row the filters made the History pane, and with it
    // the first window, wider than a 1280-pixel screen.
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 0);
    auto *words = new QHBoxLayout;
    words->addWidget(m_text, 1);
    words->addWidget(m_saved);
    layout->addLayout(words);
    auto *fields = new QHBoxLayout;
    for (QWidget *widget : std::initializer_list<QWidget *>{m_kind, m_strategy, m_severity, m_time, m_from, m_to})
        fields->addWidget(widget);
    fields->addStretch(1);
    layout->addLayout(fields);

    const auto changed = [this] {
        if (!m_applying)
            emit filterChanged();
    };
    m_textDebounce.setSingleShot(true);
    m_textDebounce.setInterval(TextDebounceMs);
    connect(&m_textDebounce, &QTimer::timeout, this, changed);
    connect(m_text, &QLineEdit::textEdited, &m_textDebounce, qOverload<>(&QTimer::start));
    connect(m_text, &QLineEdit::returnPressed, this, changed);
    for (QComboBox *box : {m_kind, m_strategy, m_severity})
        connect(box, &QComboBox::currentIndexChanged, this, changed);
    connect(m_time, &QComboBox::currentIndexChanged, this, [this, changed] {
        updateTimeEdits();
        changed();
    });
    for (QDateTimeEdit *edit : {m_from, m_to})
        connect(edit, &QDateTimeEdit::editingFinished, this, changed);
    updateTimeEdits();
}

void HistoryFilterBar::updateTimeEdits()
{
    const bool custom = m_time->currentIndex() == int(TimeRange::Custom);
    m_from->setVisible(custom);
    m_to->setVisible(custom);
}

void HistoryFilterBar::setStrategies(const QList<QPair<qint64, QString>> &strategies)
{
    const qint64 current = m_strategy->currentData().toLongLong();
    const bool wasApplying = std::exchange(m_applying, true);
    m_strategy->clear();
    m_strategy->addItem(tr("All strategies"), qint64(-1));
    for (const auto &[id, name] : strategies)
        m_strategy->addItem(name.isEmpty() ? tr("Strategy %1").arg(id) : name, id);
    m_strategy->setCurrentIndex(std::max(0, m_strategy->findData(current)));
    m_applying = wasApplying;
}

store::HistoryFilter HistoryFilterBar::filter() const
{
    store::HistoryFilter filter;
    const QString kind = m_kind->currentData().toString();
    if (!kind.isEmpty())
        filter.kinds.append(kind);
    const qint64 strategy = m_strategy->currentData().toLongLong();
    if (strategy >= 0)
        filter.strategyIds.append(strategy);
    filter.severities = severitiesOf(m_severity->currentIndex());
    const QDateTime now = QDateTime::currentDateTime();
    switch (TimeRange(m_time->currentIndex())) {
    case TimeRange::Any: break;
    case TimeRange::LastHour: filter.fromMs = now.addSecs(-3600).toMSecsSinceEpoch(); break;
    case TimeRange::Today: filter.fromMs = now.date().startOfDay().toMSecsSinceEpoch(); break;
    case TimeRange::Last7Days: filter.fromMs = now.addDays(-7).toMSecsSinceEpoch(); break;
    case TimeRange::Custom:
        filter.fromMs = m_from->dateTime().toMSecsSinceEpoch();
        filter.toMs = m_to->dateTime().toMSecsSinceEpoch();
        break;
    }
    filter.text = m_text->text().trimmed();
    return filter;
}

QVariantMap HistoryFilterBar::state() const
{
    return {{KindKey, m_kind->currentData()},
            {StrategyKey, m_strategy->currentData()},
            {SeverityKey, m_severity->currentIndex()},
            {TimeKey, m_time->currentIndex()},
            {FromKey, m_from->dateTime()},
            {ToKey, m_to->dateTime()},
            {TextKey, m_text->text()}};
}

void HistoryFilterBar::setState(const QVariantMap &state)
{
    {
        const bool wasApplying = std::exchange(m_applying, true);
        m_kind->setCurrentIndex(std::max(0, m_kind->findData(state.value(KindKey))));
        const int strategy = m_strategy->findData(state.value(StrategyKey, qint64(-1)).toLongLong());
        if (strategy < 0 && state.value(StrategyKey, -1).toLongLong() >= 0) // not seen yet: offered by id
            m_strategy->addItem(tr("Strategy %1").arg(state.value(StrategyKey).toLongLong()),
                                state.value(StrategyKey).toLongLong());
        m_strategy->setCurrentIndex(std::max(0, m_strategy->findData(state.value(StrategyKey, qint64(-1)).toLongLong())));
        m_severity->setCurrentIndex(state.value(SeverityKey, 0).toInt());
        m_time->setCurrentIndex(state.value(TimeKey, 0).toInt());
        if (state.contains(FromKey))
            m_from->setDateTime(state.value(FromKey).toDateTime());
        if (state.contains(ToKey))
            m_to->setDateTime(state.value(ToKey).toDateTime());
        m_text->setText(state.value(TextKey).toString());
        m_applying = wasApplying;
    }
    m_textDebounce.stop();
    emit filterChanged();
}

void HistoryFilterBar::showSavedMenu()
{
    QMenu *menu = m_saved->menu();
    menu->clear();
    const QVariantMap saved = settingKeys::SavedHistoryFilters.read(QSettings());
    for (auto it = saved.begin(); it != saved.end(); ++it) {
        const QVariantMap state = it.value().toMap();
        menu->addAction(it.key(), this, [this, state] { setState(state); });
    }
    if (!saved.isEmpty())
        menu->addSeparator();
    menu->addAction(tr("Save the current filter…"), this, [this] {
        bool ok = false;
        const QString name = QInputDialog::getText(this, tr("Save filter"), tr("Name (for example \"SPX errors today\"):"),
                                                   QLineEdit::Normal, QString(), &ok)
                                 .trimmed();
        if (!ok || name.isEmpty())
            return;
        QSettings settings;
        QVariantMap saved = settingKeys::SavedHistoryFilters.read(settings);
        saved.insert(name, state());
        settingKeys::SavedHistoryFilters.write(settings, saved);
    });
    if (saved.isEmpty())
        return;
    QMenu *remove = menu->addMenu(tr("Delete"));
    for (auto it = saved.begin(); it != saved.end(); ++it) {
        remove->addAction(it.key(), this, [name = it.key()] {
            QSettings settings;
            QVariantMap saved = settingKeys::SavedHistoryFilters.read(settings);
            saved.remove(name);
            settingKeys::SavedHistoryFilters.write(settings, saved);
        });
    }
}

} // namespace ui
