//! The test suite: one crate, one module per behaviour. The tests that change the machine
//! (a Slurm cluster, Chromium) are the `machine` test target beside it.

#![allow(dead_code)]

mod common;
mod support;

mod active_active_lines_add_their_capacity;
mod availability_matches_mtbf_over_mtbf_plus_mttr;
mod blocked_flows_deliver_nothing;
mod blocked_reasons;
mod cap_delivers_spec_rate_and_drops_the_rest;
mod capacity_answer_matches_hand_computation;
mod catalogues_and_explain_on_the_command_line;
mod check_against_committed_baselines;
mod compare_names_what_regressed;
mod conflicting_routes_are_reported;
mod cost_follows_each_products_billing;
mod data_plane_is_exact;
mod delay_variation_matches_its_parameter;
mod documented_figures_match_the_runs;
mod dual_homed_idc_fails_over_by_route_priority;
mod every_command_explains_itself;
mod every_packet_is_accounted;
mod faults_drop_packets_as_down;
mod first_hour_papercuts_stay_fixed;
mod hostile_input_is_refused;
mod inputs_stay_inside_the_design;
mod library_findings_stay_fixed;
mod link_loss_matches_bernoulli_and_gilbert_elliott;
mod link_utilization_is_busy_time_in_the_window;
mod loading_never_panics;
mod md1_mean_wait_matches_theory;
mod mm1_mean_wait_matches_pollaczek_khinchine;
mod mtu_fails_oversized_encapsulation;
mod n1_finds_the_detour_that_overloads;
mod n1_plot_is_drawn;
mod out_replaces_only_a_result;
mod output_folder_is_replaced_whole;
mod outputs_are_independent_of_threads_and_shards;
mod outputs_are_pinned_by_snapshots;
mod outputs_are_safe_to_open;
mod plots_are_valid_svg_and_png;
mod quickstart_reach_delays;
mod random_streams_follow_component_names;
mod rules_are_enforced;
mod rules_follow_their_product;
mod run_exit_codes_follow_the_verdict;
mod runs_are_deterministic;
mod scale_events_change_the_offered_rate;
mod scenario_library_runs_with_expected_verdicts;
mod scenario_reference_is_complete;
mod shards_come_from_the_scheduler;
mod shortcuts_do_not_change_results;
mod single_packet_delivery_time_is_exact;
mod stats_count_the_engines_work;
mod sweep_plot_is_drawn;
mod traffic_matrices_become_flows;
