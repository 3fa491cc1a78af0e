#include "HistoryPane.h"

#include "models/EventPresentation.h"
#include "models/HistoryModel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateTimeEdit>
#include <QHBoxLayout>
#include <QIntValidator>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QSettings>
#include <QVBoxLayout>

namespace ui {

namespace {
constexpr int TextDebounceMs = 400;
}

HistoryPane::HistoryPane(HistoryModel *model, QWidget *parent)
    : QWidget(parent)
    , m_model(model)
    , m_pane(new EventPane(model, EventPane::Kind::History, this))
    , m_kind(new QComboBox(this))
    , m_strategy(new QComboBox(this))
    , m_fromEnabled(new QCheckBox(tr("From"), this))
    , m_from(new QDateTimeEdit(QDateTime::currentDateTime().addDays(-1), this))
    , m_toEnabled(new QCheckBox(tr("To"), this))
    , m_to(new QDateTimeEdit(QDateTime::currentDateTime(), this))
    , m_status(new QLabel(this))
    , m_reload(new QPushButton(tr("Reload"), this))
{
    m_kind->addItem(tr("All kinds"));
    for (eventhub::EventKind kind : eventhub::allEventKinds()) {
        eventhub::Event sample;
        sample.kind = kind;
        m_kind->addItem(kindLabel(sample), eventhub::kindName(kind));
    }
    m_strategy->setEditable(true);
    m_strategy->setInsertPolicy(QComboBox::NoInsert);
    m_strategy->lineEdit()->setPlaceholderText(tr("All strategies"));
    m_strategy->lineEdit()->setValidator(new QIntValidator(0, std::numeric_limits<int>::max(), m_strategy));
    m_strategy->setToolTip(tr("A strategy id, or empty for every strategy"));
    m_strategy->setMinimumWidth(110);
    for (QDateTimeEdit *edit : {m_from, m_to}) {
        edit->setDisplayFormat(QStringLiteral("yyyy-MM-dd HH:mm"));
        edit->setCalendarPopup(true);
        edit->setEnabled(false);
    }
    auto *exportButton = new QPushButton(tr("Export CSV…"), this);
    exportButton->setToolTip(tr("Export every matching event of the history, not only the loaded rows (Ctrl+E)"));
    connect(exportButton, &QPushButton::clicked, this, &HistoryPane::exportRequested);
    m_reload->setToolTip(tr("Read the history again from the start (newest events included)"));
    connect(m_reload, &QPushButton::clicked, m_model, &HistoryModel::reload);

    auto *filters = new QHBoxLayout;
    filters->setContentsMargins(4, 4, 4, 0);
    filters->addWidget(m_kind);
    filters->addWidget(m_strategy);
    filters->addWidget(m_fromEnabled);
    filters->addWidget(m_from);
    filters->addWidget(m_toEnabled);
    filters->addWidget(m_to);
    filters->addStretch(1);
    filters->addWidget(m_reload);
    filters->addWidget(exportButton);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addLayout(filters);
    layout->addWidget(m_pane, 1);
    auto *statusRow = new QHBoxLayout;
    statusRow->setContentsMargins(6, 2, 6, 2);
    statusRow->addWidget(m_status, 1);
    layout->addLayout(statusRow);

    m_pane->filterEdit()->setPlaceholderText(tr("Search the whole history: words anywhere in the event (Ctrl+F)"));
    m_textDebounce.setSingleShot(true);
    m_textDebounce.setInterval(TextDebounceMs);
    connect(&m_textDebounce, &QTimer::timeout, this, &HistoryPane::applyQuery);
    connect(m_pane, &EventPane::filterEdited, &m_textDebounce, qOverload<>(&QTimer::start));
    connect(m_kind, &QComboBox::currentIndexChanged, this, &HistoryPane::applyQuery);
    connect(m_strategy->lineEdit(), &QLineEdit::editingFinished, this, &HistoryPane::applyQuery);
    connect(m_fromEnabled, &QCheckBox::toggled, m_from, &QWidget::setEnabled);
    connect(m_toEnabled, &QCheckBox::toggled, m_to, &QWidget::setEnabled);
    for (QCheckBox *box : {m_fromEnabled, m_toEnabled})
        connect(box, &QCheckBox::toggled, this, &HistoryPane::applyQuery);
    for (QDateTimeEdit *edit : {m_from, m_to})
        connect(edit, &QDateTimeEdit::editingFinished, this, &HistoryPane::applyQuery);

    connect(m_model, &HistoryModel::loadingChanged, this, &HistoryPane::updateStatus);
    connect(m_model, &HistoryModel::pageLoaded, this, &HistoryPane::updateStatus);
    connect(m_model, &HistoryModel::failed, this, &HistoryPane::updateStatus);
    connect(m_model, &QAbstractItemModel::modelReset, this, &HistoryPane::updateStatus);
    updateStatus();
}

EventQuery HistoryPane::query() const
{
    EventQuery query;
    const QString kind = m_kind->currentData().toString();
    if (!kind.isEmpty())
        query.kindNames.insert(kind);
    bool ok = false;
    const qint64 strategy = m_strategy->currentText().toLongLong(&ok);
    query.strategyId = ok ? strategy : -1;
    if (m_fromEnabled->isChecked())
        query.from = m_from->dateTime();
    if (m_toEnabled->isChecked())
        query.to = m_to->dateTime();
    query.text = m_pane->filterEdit()->text().trimmed();
    return query;
}

void HistoryPane::applyQuery()
{
    const EventQuery next = query();
    if (next != m_model->query())
        m_model->setQuery(next);
}

void HistoryPane::updateStatus()
{
    const QLocale locale;
    QString text;
    if (!m_model->lastError().isEmpty())
        text = tr("History unavailable: %1 — press Reload to try again").arg(m_model->lastError());
    else if (m_model->isLoading())
        text = tr("Loading… %1 matching events of %2 read").arg(locale.toString(m_model->rowCount()), locale.toString(m_model->scannedEvents()));
    else if (m_model->isAtEnd())
        text = tr("%1 matching events of %2 read — end of history").arg(locale.toString(m_model->rowCount()), locale.toString(m_model->scannedEvents()));
    else
        text = tr("%1 matching events of %2 read — scroll down for more").arg(locale.toString(m_model->rowCount()), locale.toString(m_model->scannedEvents()));
    m_status->setText(text);
}

void HistoryPane::saveState(QSettings &settings) const
{
    m_pane->saveState(settings);
    settings.setValue(QStringLiteral("kind"), m_kind->currentIndex());
    settings.setValue(QStringLiteral("strategy"), m_strategy->currentText());
}

void HistoryPane::restoreState(QSettings &settings)
{
    m_kind->setCurrentIndex(settings.value(QStringLiteral("kind"), 0).toInt());
    m_strategy->setEditText(settings.value(QStringLiteral("strategy")).toString());
    m_pane->restoreState(settings);
    m_textDebounce.stop();
    applyQuery();
}

} // namespace ui
