//! Every random component draws from a stream keyed by its name, so reordering the flows of a
//! scenario (or inserting one before another) leaves each flow's results bit-identical.

use vpcsim::model::build;
use vpcsim::scenario::load_str;
use vpcsim::topology::compile;

fn flow_results(text: &str, flow: &str) -> String {
    let (s, _) = load_str("s.toml", "s", text).unwrap_or_else(|d| panic!("{}", d.render()));
    let (net, _) = build(&s).unwrap_or_else(|d| panic!("{}", d.render()));
    let plan = compile(&net);
    let i = net.flows.iter().position(|f| f.name == flow).unwrap();
    let m = vpcsim::net::simulate(&net, &plan, 7, 3);
    let f = &m.flows[i];
    format!(
        "{} {} {:?} {:?} {:?}",
        f.offered_packets(),
        f.delivered_packets(),
        f.lost_by_cause(),
        f.delays().summary(),
        f.jitter_report()
    )
}

#[test]
fn reordering_flows_leaves_each_flows_results_unchanged() {
    let text = std::fs::read_to_string("scenarios/quickstart.toml").unwrap();
    let first = text.find("[[flow]]").unwrap();
    let second = text[first + 1..].find("[[flow]]").unwrap() + first + 1;
    let (head, a, b) = (&text[..first], &text[first..second], &text[second..]);
    let swapped = format!("{head}{b}\n{a}");
    for flow in ["db-replication", "erp-sync"] {
        assert_eq!(
            flow_results(&text, flow),
            flow_results(&swapped, flow),
            "{flow}"
        );
    }
}
