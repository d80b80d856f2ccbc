// ns-3 side of workload 1 ("single link") of benches/ns3_compare.rs; vpcsim's side is
// benches/ns3/single_link.toml.
//
// One 1 Gbps point-to-point link with a 1 ms delay, Poisson arrivals of 1000 B frames at
// 800 Mbps (rho = 0.8) for 10 simulated seconds, UDP into a packet sink. The device queue is a
// DropTail queue far larger than the backlog ever gets and the traffic-control queue disc is
// removed, so the device queue is the only FIFO and nothing is dropped. The run lasts
// `duration` plus a 100 ms drain so that every packet sent is received.

#include "poisson_sender.h"

#include "ns3/applications-module.h"
#include "ns3/point-to-point-module.h"
#include "ns3/traffic-control-module.h"

using namespace ns3;

int
main(int argc, char* argv[])
{
    double duration = 10.0;
    uint32_t run = 1;
    CommandLine cmd(__FILE__);
    cmd.AddValue("duration", "simulated seconds of traffic", duration);
    cmd.AddValue("run", "RNG run number", run);
    cmd.Parse(argc, argv);
    RngSeedManager::SetRun(run);

    const uint32_t frame = 1000;
    const uint16_t port = 9;

    NodeContainer nodes;
    nodes.Create(2);

    PointToPointHelper p2p;
    p2p.SetDeviceAttribute("DataRate", StringValue("1Gbps"));
    p2p.SetChannelAttribute("Delay", StringValue("1ms"));
    p2p.SetQueue("ns3::DropTailQueue<Packet>", "MaxSize", StringValue("10000000p"));
    NetDeviceContainer devices = p2p.Install(nodes);

    InternetStackHelper stack;
    stack.Install(nodes);
    Ipv4AddressHelper address("10.1.1.0", "255.255.255.0");
    Ipv4InterfaceContainer interfaces = address.Assign(devices);
    TrafficControlHelper().Uninstall(devices); // no pfifo_fast in front of the device queue

    PacketSinkHelper sinkHelper("ns3::UdpSocketFactory",
                                InetSocketAddress(Ipv4Address::GetAny(), port));
    ApplicationContainer sinkApps = sinkHelper.Install(nodes.Get(1));
    sinkApps.Start(Seconds(0));

    auto sender = CreateObject<PoissonSender>(InetSocketAddress(interfaces.GetAddress(1), port),
                                              frame,
                                              800e6);
    nodes.Get(0)->AddApplication(sender);
    sender->SetStartTime(Seconds(0));
    sender->SetStopTime(Seconds(duration));

    RunAndReport(Seconds(duration + 0.1),
                 {sender},
                 {DynamicCast<PacketSink>(sinkApps.Get(0))},
                 frame);
    return 0;
}
