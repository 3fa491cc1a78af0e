#pragma once

#include "HubCommand.h"

namespace cli {

// mesolive-events latest: prints the latest EventSeqId.
class LatestCommand final : public HubCommand
{
    Q_OBJECT

public:
    using HubCommand::HubCommand;

protected:
    void onConnected() override;
};

} // namespace cli
