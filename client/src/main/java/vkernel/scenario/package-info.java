/**
 * The conformance scenario language (shared/conformance/FORMAT.md) run against a live
 * kernel through the SDK: {@link vkernel.scenario.ScenarioCli} is the entry point of
 * {@code vk script} and {@code vk shell}. Lexer and ScenarioParser turn lines into
 * statements as the oracle does, ScenarioExecutor runs them, ResultFormat, RouteText
 * and NetlinkCalls print results byte for byte as the oracle prints them.
 */
package vkernel.scenario;
