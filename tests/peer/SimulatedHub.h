#pragma once

#include "eventhub/EventHubClient.h"
#include "hubsim/EventHubSimulator.h"

#include <QTest>

#include <memory>

// The in-process simulator and a client connected to it over 127.0.0.1.
struct SimulatedHub
{
    std::unique_ptr<hubsim::EventHubSimulator> simulator;
    std::unique_ptr<eventhub::EventHubClient> client;

    explicit SimulatedHub(hubsim::SimulatorOptions options)
    {
        simulator = std::make_unique<hubsim::EventHubSimulator>(options);
        QString error;
        if (!simulator->start(error))
            qFatal("simulator: %s", qPrintable(error));
        signalr::HubConnectionOptions connection;
        connection.hubUrl = simulator->hubUrl();
        connection.accessTokenProvider = [] { return QStringLiteral("test-key"); };
        connection.retryInitialConnection = false;
        client = std::make_unique<eventhub::EventHubClient>(connection);
    }

    bool connect()
    {
        client->start();
        return QTest::qWaitFor([this] { return client->connection().state() == signalr::HubConnection::State::Connected; },
                               10000);
    }
};
