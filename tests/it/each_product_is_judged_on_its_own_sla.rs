//! Each product is judged on the SLA its own document promises: Express Connect on seed 001's
//! four targets, Tencent peering on availability alone (seed 003), the internet on nothing. A
//! metric that is no target is reported, never judged; `[sla]` writes targets for every
//! product, `[sla.<product>]` for one.

use vpcsim::sla::judge::{FlowVerdict, Verdict};
use vpcsim::sla::metric::SlaMetric;
use vpcsim::study::{Design, Run};

/// Three pairs of VPCs, each overloading its connection: 12 Mbps of traffic into a 10 Mbps
/// cap loses about a sixth of it. `ec` crosses Express Connect between two Alibaba regions,
/// `peer` peering between two Tencent regions, `net` the internet between the clouds.
fn design(sla: &str) -> Design {
    let vpc = |name: &str, region: &str, n: u8| {
        format!(
            "[[vpc]]\nname = \"{name}\"\nregion = \"{region}\"\ncidr = [\"10.{n}.0.0/16\"]\n\
             resources = [{{ name = \"{name}-vm\", kind = \"ecs\", ip = \"10.{n}.0.10\" }}]\n\n"
        )
    };
    let flow = |name: &str, from: &str, to: &str| {
        format!(
            "[[flow]]\nname = \"{name}\"\nfrom = \"{from}-vm\"\nto = \"{to}-vm\"\n\
             traffic = \"poisson\"\nrate = \"12Mbps\"\npacket_size = \"1000B\"\n\n"
        )
    };
    let text = format!(
        "[simulation]\nseed = 3\nduration = \"1s\"\nwarmup = \"100ms\"\nreplications = 4\n\n\
         {sla}\n\n{}{}{}{}{}{}\
         [[connection]]\nname = \"ec\"\ntype = \"express-connect\"\nbetween = [\"ec-a\", \"ec-b\"]\n\
         spec = \"Small.1\"\n\n\
         [[connection]]\nname = \"peer\"\ntype = \"peering\"\nbetween = [\"peer-a\", \"peer-b\"]\n\
         bandwidth = \"10Mbps\"\n\n\
         [[connection]]\nname = \"net\"\ntype = \"internet\"\nbetween = [\"net-a\", \"net-b\"]\n\
         bandwidth = \"10Mbps\"\n\n{}{}{}",
        vpc("ec-a", "cn-hangzhou", 1),
        vpc("ec-b", "cn-shanghai", 2),
        vpc("peer-a", "ap-guangzhou", 3),
        vpc("peer-b", "ap-shanghai", 4),
        vpc("net-a", "cn-beijing", 5),
        vpc("net-b", "ap-beijing", 6),
        flow("over-ec", "ec-a", "ec-b"),
        flow("over-peering", "peer-a", "peer-b"),
        flow("over-internet", "net-a", "net-b"),
    );
    Design::from_text("products.toml", &text)
        .unwrap_or_else(|e| panic!("{}", e.diagnostics().map_or(String::new(), |d| d.render())))
}

fn flows(sla: &str) -> Vec<FlowVerdict> {
    let d = design(sla);
    Run::new(&d).execute(&()).unwrap().summary.flows
}

fn flow<'a>(flows: &'a [FlowVerdict], name: &str) -> &'a FlowVerdict {
    flows.iter().find(|f| f.name == name).unwrap()
}

#[test]
fn each_flow_is_held_to_the_targets_of_its_own_product() {
    let fs = flows("");
    let ec = flow(&fs, "over-ec");
    let peer = flow(&fs, "over-peering");
    let net = flow(&fs, "over-internet");
    // Every flow loses about a sixth of its packets: the loss is measured for all three.
    for f in [ec, peer, net] {
        let loss = f.loss.expect("measured").mean;
        assert!((0.1..0.25).contains(&loss), "{}: loss {loss}", f.name);
    }
    // Express Connect: seed 001's four targets; the loss fails it.
    assert_eq!(ec.targets.max_loss, Some(0.002));
    assert_eq!(ec.targets.min_encap_success, Some(0.998));
    assert!(ec.compliance.loss.is_some_and(|c| !c.met));
    assert_eq!(ec.verdict, Verdict::Fail);
    // Peering: availability alone; its loss and jitter are shown, not judged, and it has no
    // tunnel, so no encapsulation figure at all.
    assert_eq!(peer.targets.min_availability, Some(0.9995));
    for m in [SlaMetric::Loss, SlaMetric::Jitter, SlaMetric::EncapSuccess] {
        assert_eq!(peer.targets.get(m), None, "{m:?}");
        assert_eq!(peer.compliance.get(m), None, "{m:?}");
    }
    assert_eq!(peer.encap_success, None);
    assert_eq!(peer.verdict, Verdict::Pass);
    // The internet promises nothing.
    assert!(!net.targets.any());
    assert!(
        SlaMetric::ALL
            .iter()
            .all(|m| net.compliance.get(*m).is_none())
    );
    assert_eq!(net.verdict, Verdict::Pass);
}

#[test]
fn the_top_of_sla_writes_for_every_product_and_a_product_table_for_its_own() {
    let fs = flows("[sla]\nmax_loss = \"50%\"\n\n[sla.internet]\nmax_loss = \"1%\"");
    // 50% for Express Connect and peering: their sixth of a loss now passes.
    for name in ["over-ec", "over-peering"] {
        let f = flow(&fs, name);
        assert_eq!(f.targets.max_loss, Some(0.5), "{name}");
        assert!(f.compliance.loss.is_some_and(|c| c.met), "{name}");
    }
    // The document's other targets still hold: the overloaded cap's queue fails jitter.
    let ec = flow(&fs, "over-ec");
    assert_eq!(ec.targets.max_jitter, Some(0.2));
    assert!(ec.compliance.jitter.is_some_and(|c| !c.met));
    // The internet's own table is stricter and fails it.
    let net = flow(&fs, "over-internet");
    assert_eq!(net.targets.max_loss, Some(0.01));
    assert_eq!(net.verdict, Verdict::Fail);
    // Peering keeps its document's availability and gains only the loss target.
    let peer = flow(&fs, "over-peering");
    assert_eq!(peer.targets.min_availability, Some(0.9995));
    assert_eq!(peer.targets.max_jitter, None);
}

#[test]
fn connections_are_judged_on_their_products_availability() {
    let d = design("");
    let s = Run::new(&d).execute(&()).unwrap().summary;
    let target = |name: &str| {
        s.connections
            .iter()
            .find(|c| c.name == name)
            .unwrap()
            .targets
            .min_availability
    };
    assert_eq!(target("ec"), Some(0.9995));
    assert_eq!(target("peer"), Some(0.9995));
    assert_eq!(target("net"), None);
    // The summary names every product's targets.
    assert_eq!(s.header.sla.products.peering.max_loss, None);
    assert_eq!(s.header.sla.products.express_connect.max_jitter, Some(0.2));
}

#[test]
fn an_encapsulation_target_for_a_product_without_a_tunnel_is_warned_about() {
    let d = design("[sla.peering]\nmin_encap_success = \"99%\"");
    let w = d.warnings.render();
    assert!(
        w.contains("peering has no tunnel") && w.contains("sla.peering.min_encap_success"),
        "{w}"
    );
}

/// A flow no route carries has no product and so no target, and fails all the same.
#[test]
fn a_blocked_flow_fails_without_any_target() {
    let text = "[simulation]\nduration = \"200ms\"\nwarmup = \"50ms\"\nreplications = 2\n\n\
        [[vpc]]\nname = \"a\"\nregion = \"cn-hangzhou\"\ncidr = [\"10.1.0.0/16\"]\n\
        resources = [{ name = \"a-vm\", kind = \"ecs\", ip = \"10.1.0.10\" }]\n\n\
        [[vpc]]\nname = \"b\"\nregion = \"cn-shanghai\"\ncidr = [\"10.2.0.0/16\"]\n\
        resources = [{ name = \"b-vm\", kind = \"ecs\", ip = \"10.2.0.10\" }]\n\n\
        [[flow]]\nname = \"stranded\"\nfrom = \"a-vm\"\nto = \"b-vm\"\nrate = \"1Mbps\"\n";
    let d = Design::from_text("blocked.toml", text).unwrap();
    let s = Run::new(&d).execute(&()).unwrap().summary;
    let f = &s.flows[0];
    assert!(!f.targets.any());
    assert!(f.blocked_reason.is_some());
    assert_eq!(f.verdict, Verdict::Fail);
    assert_eq!(s.verdict, Verdict::Fail);
    assert!(s.problems().is_empty(), "{:?}", s.problems());
}

/// An N-1 case is judged on the intact design's targets: a flow whose Express Connect fails
/// over to the internet is still held to Express Connect's promise, which the internet's
/// 0.5% loss breaks.
#[test]
fn a_flow_failed_over_to_the_internet_keeps_its_express_connect_targets() {
    let text = "[simulation]\nseed = 9\nduration = \"1s\"\nwarmup = \"100ms\"\nreplications = 2\n\n\
        [[vpc]]\nname = \"a\"\nregion = \"cn-hangzhou\"\ncidr = [\"10.1.0.0/16\"]\n\
        resources = [{ name = \"a-vm\", kind = \"ecs\", ip = \"10.1.0.10\" }]\n\n\
        [[vpc]]\nname = \"b\"\nregion = \"cn-shanghai\"\ncidr = [\"10.2.0.0/16\"]\n\
        resources = [{ name = \"b-vm\", kind = \"ecs\", ip = \"10.2.0.10\" }]\n\n\
        [[connection]]\nname = \"ec\"\ntype = \"express-connect\"\nbetween = [\"a\", \"b\"]\n\
        spec = \"Large.1\"\npriority = 10\n\n\
        [[connection]]\nname = \"net\"\ntype = \"internet\"\nbetween = [\"a\", \"b\"]\n\
        priority = 20\n\n\
        [[flow]]\nname = \"sync\"\nfrom = \"a-vm\"\nto = \"b-vm\"\nrate = \"20Mbps\"\n\
        packet_size = \"1000B\"\n";
    let d = Design::from_text("backup.toml", text).unwrap();
    let r = vpcsim::study::N1::new(&d).execute(&()).unwrap();
    let case = |name: &str| {
        r.summary
            .cases
            .iter()
            .find(|c| c.case == name)
            .unwrap_or_else(|| panic!("no case {name}"))
    };
    let failed_over = &case("connection:ec").flows[0];
    assert_eq!(failed_over.targets.max_loss, Some(0.002));
    assert_eq!(failed_over.verdict, Verdict::Fail);
    assert!(
        failed_over
            .reason
            .as_deref()
            .is_some_and(|r| r.starts_with("loss")),
        "{:?}",
        failed_over.reason
    );
    assert_eq!(case("none").flows[0].verdict, Verdict::Pass);
}
