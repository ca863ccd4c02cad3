#!/usr/bin/env bash
# Formats the sources in place; with --lint, reports findings and fails on any
# (swift format lint exits 0 on findings unless --strict is given).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${1:-}" = "--lint" ]; then
  exec swift format lint --strict --recursive Sources Tests Package.swift
fi
exec swift format format --in-place --recursive Sources Tests Package.swift
