// ns-3 side of workload 2 ("chain") of benches/ns3_compare.rs; vpcsim's side is
// benches/ns3/chain.toml.
//
// Five routers n0..n4 in a chain of four point-to-point links, each 10 Gbps with a 5 ms delay.
// One end-to-end Poisson flow of 5 Gbps from n0 to n4, and 3 Gbps of Poisson cross traffic on
// each hop (n(i) to n(i+1)), all 1000 B frames, for 5 simulated seconds: every link carries
// 8 Gbps (rho = 0.8). UDP into packet sinks, routes from Ipv4GlobalRoutingHelper. Device
// queues are DropTail queues far larger than the backlog ever gets, with the traffic-control
// queue discs removed: nothing is dropped. The run lasts `duration` plus a 100 ms drain so that
// every packet sent is received.

#include "poisson_sender.h"

#include "ns3/applications-module.h"
#include "ns3/point-to-point-module.h"
#include "ns3/traffic-control-module.h"

#include <string>

using namespace ns3;

int
main(int argc, char* argv[])
{
    double duration = 5.0;
    uint32_t run = 1;
    CommandLine cmd(__FILE__);
    cmd.AddValue("duration", "simulated seconds of traffic", duration);
    cmd.AddValue("run", "RNG run number", run);
    cmd.Parse(argc, argv);
    RngSeedManager::SetRun(run);

    const uint32_t frame = 1000;
    const uint32_t hops = 4;
    const uint16_t endToEndPort = 9;
    const uint16_t crossPort = 10;

    NodeContainer nodes;
    nodes.Create(hops + 1);
    InternetStackHelper stack;
    stack.Install(nodes);

    PointToPointHelper p2p;
    p2p.SetDeviceAttribute("DataRate", StringValue("10Gbps"));
    p2p.SetChannelAttribute("Delay", StringValue("5ms"));
    p2p.SetQueue("ns3::DropTailQueue<Packet>", "MaxSize", StringValue("10000000p"));

    // far[i]: the address of n(i+1) on link i (n(i) -- n(i+1)).
    std::vector<Ipv4Address> far;
    for (uint32_t i = 0; i < hops; ++i)
    {
        NetDeviceContainer devices = p2p.Install(nodes.Get(i), nodes.Get(i + 1));
        std::string subnet = "10.1." + std::to_string(i + 1) + ".0";
        Ipv4AddressHelper address(subnet.c_str(), "255.255.255.0");
        Ipv4InterfaceContainer interfaces = address.Assign(devices);
        TrafficControlHelper().Uninstall(devices); // no pfifo_fast in front of device queues
        far.push_back(interfaces.GetAddress(1));
    }
    Ipv4GlobalRoutingHelper::PopulateRoutingTables();

    std::vector<Ptr<PoissonSender>> senders;
    std::vector<Ptr<PacketSink>> sinks;
    auto addFlow = [&](uint32_t from, uint32_t to, uint16_t port, double rateBps) {
        PacketSinkHelper sinkHelper("ns3::UdpSocketFactory",
                                    InetSocketAddress(Ipv4Address::GetAny(), port));
        ApplicationContainer sinkApps = sinkHelper.Install(nodes.Get(to));
        sinkApps.Start(Seconds(0));
        sinks.push_back(DynamicCast<PacketSink>(sinkApps.Get(0)));

        auto sender =
            CreateObject<PoissonSender>(InetSocketAddress(far[to - 1], port), frame, rateBps);
        nodes.Get(from)->AddApplication(sender);
        sender->SetStartTime(Seconds(0));
        sender->SetStopTime(Seconds(duration));
        senders.push_back(sender);
    };
    addFlow(0, hops, endToEndPort, 5e9);
    for (uint32_t i = 0; i < hops; ++i)
    {
        addFlow(i, i + 1, crossPort, 3e9);
    }

    RunAndReport(Seconds(duration + 0.1), senders, sinks, frame);
    return 0;
}
