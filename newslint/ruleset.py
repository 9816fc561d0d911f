"""A configuration's ruleset: its rule files or the shipped ones, house rules, the chosen
profile, selection and severities, with a bad selector reported where it was written."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path

from newslint.config import Config, ConfigError
from newslint.loader import load_default_rules, load_rules
from newslint.records import Severity
from newslint.rule import Rule
from newslint.rulecache import RuleCache
from newslint.selection import SelectionError, check_selectors, select_rules


def build_ruleset(
    config: Config, default_rules: Callable[[], list[Rule]] | None, cache: RuleCache | None
) -> list[Rule]:
    where = config.path or "command line"
    if config["rules"]:
        rules = load_rules([Path(p) for p in config["rules"]], cache)
    else:
        rules = default_rules() if default_rules is not None else load_default_rules(cache)
    # House rules may replace a shipped rule by code; among themselves codes stay unique.
    house = load_rules([Path(p) for p in config["extend-rules"]], cache)
    replaced = {r.code for r in house}
    rules = [r for r in rules if r.code not in replaced] + house
    rules = [r for r in rules if all(config[k] == v for k, v in r.when)]
    profile = config["profile"]
    profiles = {r.profile for r in rules if r.profile}
    if profile is not None and profile not in profiles:
        known = ", ".join(sorted(profiles)) or "none"
        origin = config.origins["profile"]
        raise ConfigError("--profile" if origin == "command line" else origin,
                          f"unknown profile {profile!r} (known: {known})",
                          None if origin == "command line" else "profile")
    # A profile's rules are on when it is chosen, and opt-in (by full code) otherwise.
    rules = [r if r.profile in (None, profile) else replace(r, enabled=False) for r in rules]
    for key in ("select", "extend-select", "ignore"):
        _check(rules, config[key] or [], config, key, where)
    for pattern, codes in config["per-file-ignores"].items():
        _check(rules, codes, config, f"per-file-ignores.{pattern}", where)
    _check(rules, list(config["severity"]), config, "severity", where)
    chosen = select_rules(
        rules, config["select"] or (), config["ignore"], extend_select=config["extend-select"]
    )
    severities = config["severity"]
    return [replace(r, severity=Severity(severities[r.code])) if r.code in severities else r for r in chosen]


def _check(rules: Sequence[Rule], selectors: Sequence[str], config: Config, key: str, where: object) -> None:
    try:
        check_selectors(rules, [s.upper() for s in selectors])
    except SelectionError as exc:
        origin = config.origins.get(key.split(".")[0], where)
        if origin == "command line":
            raise ConfigError(f"--{key}", str(exc)) from None
        raise ConfigError(origin if origin != "default" else where, str(exc), key) from None
