import Testing

@testable import NeuroFailKernel

struct PriorityTests {
    @Test func namedPrioritiesRunUrgentThenNormalThenLate() {
        #expect(Priority.urgent < .normal && Priority.normal < .late)
        #expect([Priority.late, .urgent, Priority(rank: 9), .normal].sorted() == [.urgent, .normal, .late, Priority(rank: 9)])
        #expect(Priority.late.description == "p2")
    }
}
