// A UDP source of fixed-size packets with Poisson arrivals: exponential gaps between sends.
// Shared by single_link.cc and chain.cc (the ns-3 side of benches/ns3_compare.rs).
#ifndef VPCSIM_BENCH_POISSON_SENDER_H
#define VPCSIM_BENCH_POISSON_SENDER_H

#include "ns3/applications-module.h"
#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

namespace ns3
{

// Bytes a UDP payload gains on a point-to-point link: IPv4 (20) + UDP (8) + PPP (2).
// A payload of frame - 30 bytes puts exactly `frame` bytes on the wire, the size vpcsim's
// `packet_size` means.
constexpr uint32_t kWireOverhead = 20 + 8 + 2;

class PoissonSender : public Application
{
  public:
    PoissonSender(Address peer, uint32_t frameBytes, double rateBps)
        : m_peer(peer),
          m_payload(frameBytes - kWireOverhead),
          m_meanGap(frameBytes * 8.0 / rateBps)
    {
    }

    uint64_t Sent() const
    {
        return m_sent;
    }

  private:
    void StartApplication() override
    {
        m_gap = CreateObject<ExponentialRandomVariable>();
        m_gap->SetAttribute("Mean", DoubleValue(m_meanGap));
        m_socket = Socket::CreateSocket(GetNode(), UdpSocketFactory::GetTypeId());
        m_socket->Bind();
        m_socket->Connect(m_peer);
        ScheduleNext();
    }

    void StopApplication() override
    {
        Simulator::Cancel(m_next);
        if (m_socket)
        {
            m_socket->Close();
        }
    }

    void ScheduleNext()
    {
        m_next = Simulator::Schedule(Seconds(m_gap->GetValue()), &PoissonSender::Send, this);
    }

    void Send()
    {
        m_socket->Send(Create<Packet>(m_payload));
        ++m_sent;
        ScheduleNext();
    }

    Address m_peer;
    uint32_t m_payload;
    double m_meanGap;
    Ptr<ExponentialRandomVariable> m_gap;
    Ptr<Socket> m_socket;
    EventId m_next;
    uint64_t m_sent = 0;
};

// Runs the simulation until `stop` and prints one machine-readable line:
//   RESULT run_loop_s=<wall seconds in Simulator::Run()> sent=<n> received=<n> events=<n>
//          received_per_flow=<n>,<n>,...
// (one line; sinks[i] receives the packets of senders[i]).
inline void
RunAndReport(Time stop,
             const std::vector<Ptr<PoissonSender>>& senders,
             const std::vector<Ptr<PacketSink>>& sinks,
             uint32_t frameBytes)
{
    Simulator::Stop(stop);
    auto t0 = std::chrono::steady_clock::now();
    Simulator::Run();
    auto t1 = std::chrono::steady_clock::now();

    uint64_t sent = 0;
    for (const auto& s : senders)
    {
        sent += s->Sent();
    }
    uint64_t received = 0;
    std::string perFlow;
    for (const auto& s : sinks)
    {
        uint64_t n = s->GetTotalRx() / (frameBytes - kWireOverhead);
        received += n;
        perFlow += (perFlow.empty() ? "" : ",") + std::to_string(n);
    }
    std::printf("RESULT run_loop_s=%.6f sent=%llu received=%llu events=%llu received_per_flow=%s\n",
                std::chrono::duration<double>(t1 - t0).count(),
                static_cast<unsigned long long>(sent),
                static_cast<unsigned long long>(received),
                static_cast<unsigned long long>(Simulator::GetEventCount()),
                perFlow.c_str());
    Simulator::Destroy();
}

} // namespace ns3

#endif
