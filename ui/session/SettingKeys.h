#pragma once

#include "eventhub/EventHubSettings.h"

#include <QByteArray>
#include <QSettings>
#include <QString>
#include <QVariant>
#include <QVariantMap>

namespace ui {

// One value the desktop app keeps in its settings file (QSettings): its key, its type, and
// the value it has until it is first written. Reader and writer go through the same
// constant, so that neither can misspell the key or disagree on the type or the default.
template<typename T>
struct Setting
{
    const char *key;
    T fallback;

    T read(const QSettings &settings) const
    {
        return settings.value(QLatin1String(key), QVariant::fromValue(fallback)).template value<T>();
    }
    void write(QSettings &settings, const T &value) const { settings.setValue(QLatin1String(key), QVariant::fromValue(value)); }
    bool isStored(const QSettings &settings) const { return settings.contains(QLatin1String(key)); }
};

// Every key of the desktop app's settings file, in one place. Keys are the file's: renaming
// one loses what users saved under it. Not among them: the API key and proxy passwords,
// which live in the keychain (CredentialStore), and the store's salt, in a settings file of
// its own that mesolive-events shares (store::StoreFileName).
namespace settingKeys {

// The saved connection (MonitorSession).
inline const Setting<QString> Instance{"connection/instance", {}};
inline const Setting<QString> HubPath{"connection/hubPath", QString::fromLatin1(eventhub::EventHubSettings::DefaultHubPath)};
// The user confirmed http:// to a host that is not this machine (the connection dialog).
inline constexpr Setting<bool> AllowInsecureHttp{"connection/allowInsecureHttp", false};
// Whether to ask for stateful reconnect (the connection dialog's check box).
inline constexpr Setting<bool> StatefulReconnect{"connection/statefulReconnect", true};
// "system", "none", or a proxy URL without its password.
inline const Setting<QString> Proxy{"connection/proxy", QStringLiteral("system")};
// A PEM file of certificates trusted besides the system's.
inline const Setting<QString> CaFile{"connection/caFile", {}};
// The SignalR hub protocol, one of signalr::hubProtocolChoices(): "auto", "json" or
// "messagepack"; no UI yet, a settings key.
inline const Setting<QString> Protocol{"connection/protocol", QStringLiteral("auto")};

// The main window (MainWindow).
inline const Setting<QByteArray> WindowGeometry{"window/geometry", {}};
inline const Setting<QByteArray> WindowState{"window/state", {}};
// Rows each live pane keeps (Settings -> Live rows per pane).
inline constexpr Setting<int> LiveRows{"liveRows", 10000};
// The zone times are shown in: displayZoneKey's words ("local", "utc", "exchange").
inline const Setting<QString> TimeZone{"display/timeZone", {}};
// The notification switches (AlertPolicy::Switches) and the sound.
inline constexpr Setting<bool> AlertEntrySignals{"alerts/entrySignals", true};
inline constexpr Setting<bool> AlertExitSignals{"alerts/exitSignals", true};
inline constexpr Setting<bool> AlertErrors{"alerts/errors", true};
inline constexpr Setting<bool> AlertSound{"alerts/sound", false};

// Each pane's own state is in a group of its own, named after its id (paneIds).
inline QString paneGroup(const QString &paneId)
{
    return QStringLiteral("panes/") + paneId;
}
// In a pane's group: its table's columns (a live pane's and History's)...
inline const Setting<QByteArray> PaneHeader{"header", {}};
// ...a live pane's filter text (EventPane)...
inline const Setting<QString> PaneFilter{"filter", {}};
// ...and History's filter bar (HistoryFilterBar::state).
inline const Setting<QVariantMap> HistoryFilters{"filters", {}};

// History's saved filters: name -> the filter bar's state (HistoryFilterBar).
inline const Setting<QVariantMap> SavedHistoryFilters{"history/savedFilters", {}};
// When the store's last integrity check finished, UTC ms since the epoch (StoreIntegrityCheck).
inline constexpr Setting<qint64> LastIntegrityCheck{"store/lastIntegrityCheck", 0};

} // namespace settingKeys

} // namespace ui
