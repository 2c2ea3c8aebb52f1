import NeuroFailCore
import Testing

@testable import NeuroFailMission

@Suite struct FailureTraceTests {
    let chip = TestSupport.chip(inputs: 8, widths: [6, 6], outputs: 2)
    var cores: CoreMap { CoreMap.packed(chip, neuronsPerCore: 4) }

    private func parse(_ body: String, duration: Double = 10) throws(InputError) -> FailureTrace {
        try FailureTrace.parse(
            "time_years,component,kind\n" + body, file: "t.csv", chip: chip, cores: cores, durationYears: duration)
    }

    @Test func parsesTheDocumentedExample() throws {
        let trace = try parse("1.25,n2.5,latchup\n3.5,s3.0.5,wearout\n# a comment\n\n4.0,core2,core-latchup\n")
        #expect(trace.events == [
            FailureEvent(time: 1.25, component: .neuron(NeuronID(layer: 2, index: 5)), kind: .latchup),
            FailureEvent(time: 3.5, component: .synapse(SynapseID(layer: 3, target: 0, source: 5)), kind: .wearout),
            FailureEvent(time: 4, component: .core(2), kind: .coreLatchup),
        ])
    }

    @Test(arguments: [
        ("1,n2.6,latchup\n", "t.csv: line 2, component: unknown component: n2.6: neuron index 6 out of range 0...5 of layer 2"),
        ("1,n3.0,latchup\n", "t.csv: line 2, component: unknown component: n3.0: neuron layer 3 out of range 1...2"),
        ("1,s1.0.8,latchup\n", "t.csv: line 2, component: unknown component: s1.0.8: source 8 out of range 0...7 of layer 1"),
        ("1,core4,core-latchup\n", "t.csv: line 2, component: unknown component: core4: core index out of range 0...3"),
        ("1,neuron7,latchup\n", "t.csv: line 2, component: \"neuron7\" is not a component (expected n<layer>.<index>, s<layer>.<target>.<source> or core<index>)"),
        ("nan,n1.0,latchup\n", "t.csv: line 2, time_years: must be finite, found nan"),
        ("inf,n1.0,latchup\n", "t.csv: line 2, time_years: must be finite, found inf"),
        ("-0.5,n1.0,latchup\n", "t.csv: line 2, time_years: must be >= 0, found -0.5"),
        ("soon,n1.0,latchup\n", "t.csv: line 2, time_years: \"soon\" is not a number"),
        ("10.5,n1.0,latchup\n", "t.csv: line 2, time_years: 10.5 is beyond the mission (10 years)"),
        ("2,n1.0,latchup\n1.5,n1.1,latchup\n", "t.csv: line 3, time_years: times out of order: 1.5 after 2"),
        ("1,n1.0,latchup\n2,n1.0,wearout\n", "t.csv: line 3, component: n1.0 already failed at line 2"),
        ("1,n1.0,melted\n", "t.csv: line 2, kind: unknown kind \"melted\", expected one of \"latchup\", \"wearout\", \"core-latchup\", \"replay\", \"stuck-at\", \"seu\", \"core-outage\", \"transient\""),
        ("1,n1.0\n", "t.csv: line 2: has 2 fields, expected 3 (time_years,component,kind)"),
    ])
    func rejectsEachBadRowNamingFileLineAndField(body: String, message: String) {
        do {
            _ = try parse(body)
            Issue.record("accepted \(body)")
        } catch { #expect(error.description == message) }
    }

    @Test func rejectsAMissingOrWrongHeader() {
        for (text, message) in [
            ("", "t.csv: line 1: empty trace: expected the header \"time_years,component,kind\""),
            ("time,component,kind\n", "t.csv: line 1: expected header \"time_years,component,kind[,value]\", found \"time,component,kind\""),
            ("1,n1.0,latchup\n", "t.csv: line 1: expected header \"time_years,component,kind[,value]\", found \"1,n1.0,latchup\""),
        ] {
            do {
                _ = try FailureTrace.parse(text, file: "t.csv", chip: chip, cores: cores, durationYears: 10)
                Issue.record("accepted \(text)")
            } catch { #expect(error.description == message) }
        }
    }

    @Test func writeThenParseRoundTripsByteForByte() throws {
        var rng = Xoshiro256(seed: 8)
        let env = SpaceEnvironment(durationYears: 10)
        let events = FailureEvent.merged(
            RadiationLatchupModel(ratePerYear: 0.3, selection: ComponentSelection(neurons: true, synapses: true))
                .failures(chip: chip, cores: cores, environment: env, rng: &rng)
                + CoreLatchupModel(ratePerCoreYear: 0.1).failures(chip: chip, cores: cores, environment: env, rng: &rng)
                + [FailureEvent(time: 10, component: .neuron(NeuronID(layer: 1, index: 0)), kind: .replay)])
        #expect(events.count > 10)
        let text = FailureTrace(events: events).rendered()
        let parsed = try FailureTrace.parse(text, file: "t.csv", chip: chip, cores: cores, durationYears: 10)
        #expect(parsed.events == events)
        #expect(parsed.rendered() == text)
    }

    @Test func writesAndLoadsAFile() throws {
        let directory = TestSupport.temporaryDirectory()
        let path = directory + "/run0/trace.csv"
        let trace = FailureTrace(events: [FailureEvent(time: 4, component: .core(2), kind: .coreLatchup)])
        try trace.write(to: path)
        #expect(try FailureTrace.load(path: path, chip: chip, cores: cores, durationYears: 10) == trace)
        #expect(trace.rendered() == "time_years,component,kind\n4,core2,core-latchup\n")
        #expect(throws: InputError.unreadable(file: directory + "/none.csv", reason: "no such file")) {
            try FailureTrace.load(path: directory + "/none.csv", chip: chip, cores: cores, durationYears: 10)
        }
    }

    /// What Python's `csv.writer` (line terminator "\r\n") and Excel ("CSV UTF-8", with a byte-order mark) write.
    @Test(arguments: [
        "time_years,component,kind\r\n1.25,n2.5,latchup\r\n3.5,s3.0.5,wearout\r\n",
        "\u{FEFF}time_years,component,kind\r\n1.25,n2.5,latchup\r\n3.5,s3.0.5,wearout\r\n",
        "\u{FEFF}time_years,component,kind\n1.25,n2.5,latchup\n3.5,s3.0.5,wearout",
        "time_years,component,kind\r1.25,n2.5,latchup\r3.5,s3.0.5,wearout\r",
    ])
    func tracesWithWindowsOrMacLineEndingsOrAByteOrderMarkLoad(text: String) throws {
        let directory = TestSupport.temporaryDirectory()
        let path = TestSupport.write(text, "trace.csv", in: directory)
        let trace = try FailureTrace.load(path: path, chip: chip, cores: cores, durationYears: 10)
        #expect(trace.events == [
            FailureEvent(time: 1.25, component: .neuron(NeuronID(layer: 2, index: 5)), kind: .latchup),
            FailureEvent(time: 3.5, component: .synapse(SynapseID(layer: 3, target: 0, source: 5)), kind: .wearout),
        ])
    }

    @Test func aWrongHeaderIsQuotedByItsPrefixNotTheWholeFile() {
        let body = "time,what\r" + String(repeating: "1.0,n1.0,latchup\r", count: 200)
        #expect(throws: InputError.malformed(
            file: "t.csv", location: "line 1", reason: "expected header \"time_years,component,kind[,value]\", found \"time,what\"")) {
            try FailureTrace.parse(body, file: "t.csv", chip: chip, cores: cores, durationYears: 10)
        }
        // One line holding a whole file (no line break the reader knows): still a short quote.
        let blob = "time;what;" + String(repeating: "1.0;n1.0;latchup;", count: 200)
        do {
            _ = try FailureTrace.parse(blob, file: "t.csv", chip: chip, cores: cores, durationYears: 10)
            Issue.record("accepted a bad header")
        } catch {
            #expect(error.description.count < 120, "\(error.description.prefix(200))")
        }
    }

    @Test func lineNumbersAfterCarriageReturnLineFeedCountEachLineOnce() {
        #expect(throws: InputError.malformed(file: "t.csv", location: "line 3, time_years", reason: "\"soon\" is not a number")) {
            try FailureTrace.parse(
                "time_years,component,kind\r\n1,n1.0,latchup\r\nsoon,n1.1,latchup\r\n", file: "t.csv", chip: chip,
                cores: cores, durationYears: 10)
        }
    }
}
