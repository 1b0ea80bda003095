#!/usr/bin/env bash
# Checks the formatting of every Swift file against .swift-format (`swift format` ships with
# the toolchain). To fix: swift format format --in-place --recursive Sources Tests Benchmarks
set -euo pipefail
cd "$(dirname "$0")/.."
swift format lint --strict --recursive Sources Tests Benchmarks Package.swift
echo "lint: clean"
