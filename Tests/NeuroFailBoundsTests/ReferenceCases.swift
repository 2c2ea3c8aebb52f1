import NeuroFailBounds
import NeuroFailCore
import Testing

/// Values computed by /work/shared/reference/paper_reference.py (c_bounds and erf), pasted as literals. Each case
/// gives the exact command that printed its chip (one JSON line), its C_l, and its (f, Erf, Erf_av) rows.
/// numpy 2.4.6, Python 3; the chips come from the reference's own `random_chip`.
struct ReferenceCase: Sendable, CustomTestStringConvertible {
    let name: String
    let json: String
    let outputBounds: [Double]
    /// (f_1...f_L, Erf with max |w|, Erf_av with mean |w|).
    let rows: [([Int], Double, Double)]
    var testDescription: String { name }
}

/// reluChip: produced by
///
///     cd /work/shared/reference && python3 -c '
///     import paper_reference as o, numpy as np, json
///     c = o.random_chip(np.random.default_rng(11), 3, [4, 3, 2], 2, "relu", 1.5)
///     json.dump(c, open("/tmp/chip11.json", "w")); ch = o.load("/tmp/chip11.json")
///     print(json.dumps(c)); print(o.c_bounds(ch))
///     F = [[0, 0, 0], [1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 0, 2], [2, 1, 1], [4, 3, 2], [3, 3, 0]]
///     for f in F: print(f, o.erf(ch, f, "max"), o.erf(ch, f, "mean"))'
let reluChip = ReferenceCase(
    name: "reluChip (rng seed 11)",
    json: #"""
        {
        "format": "neurofail.chip/1",
        "name": "random-relu",
        "inputs": 3,
        "activation": {"function": "relu", "lipschitz": 1.5},
        "layers": [
          {"weights": [
              [1.170963836265921, 7.7987377015498085, 7.123605392929662],
              [-1.5515353839383375, -0.48984755553223547, -1.6369209651671262],
              [3.8486317878598006, 0.719677804771912, 4.7344280812827195],
              [-8.236623994870548, 8.832743873497602, 0.5178391992218973]],
           "bias": [4.401892266370731, 0.3171683301158613, -0.8954928353742664, 3.315550792987934]},
          {"weights": [
              [5.122567637650565, -0.012649353467257596, 0.23606910714901463, 4.42849305404629],
              [-3.351703209735856, -6.571917518656978, 2.9749093137476503, -2.3528291184393972],
              [-8.601702950590143, -3.0702683197267975, -1.3379877944637348, -4.966012387161306]],
           "bias": [-6.462319420315168, 1.1831891347240253, 5.486246283638738]},
          {"weights": [
              [-0.16566038980228415, -2.7179801475442242, 2.9249690437395417],
              [4.586179035971919, -0.5000529924423869, 3.7233390396044643]],
           "bias": [6.214377382914769, -0.034782181041619786]}
        ],
        "readout":
          {"weights": [
              [-3.0675777099078614, 2.7382529925775474],
              [2.237728704814238, 6.494063842072042]],
           "bias": [-5.4229038940267245, -2.3080646517777383]}
        }
        """#,
    outputBounds: [30.742798795674183, 357.20191758598935, 2457.2357457911876],
    rows: [
        ([0, 0, 0], 0.0, 0.0),
        ([1, 0, 0], 106323.47698265992, 13176.91037799425),
        ([0, 1, 0], 31915.569249491713, 9488.783307192016),
        ([0, 0, 1], 15957.445808189479, 8930.591876800287),
        ([1, 0, 2], 31914.891616378958, 17861.183753600573),
        ([2, 1, 1], 102797.54842137528, 22459.590449059127),
        ([4, 3, 2], 31914.891616378958, 17861.183753600573),
        ([3, 3, 0], 95746.70774847514, 28466.34992157605),
    ])

/// sigmoidChip: produced by
///
///     cd /work/shared/reference && python3 -c '
///     import paper_reference as o, numpy as np, json
///     c = o.random_chip(np.random.default_rng(12), 2, [3, 4], 1, "sigmoid", 0.7)
///     json.dump(c, open("/tmp/chip12.json", "w")); ch = o.load("/tmp/chip12.json")
///     print(json.dumps(c)); print(o.c_bounds(ch))
///     F = [[1, 0], [0, 1], [2, 2], [3, 4], [0, 4]]
///     for f in F: print(f, o.erf(ch, f, "max"), o.erf(ch, f, "mean"))'
let sigmoidChip = ReferenceCase(
    name: "sigmoidChip (rng seed 12)",
    json: #"""
        {
        "format": "neurofail.chip/1",
        "name": "random-sigmoid",
        "inputs": 2,
        "activation": {"function": "sigmoid", "lipschitz": 0.7},
        "layers": [
          {"weights": [
              [0.9658661006723841, 6.230716461524513],
              [4.707942106442414, 4.619782708249953],
              [9.093881116670381, -5.027790713231644]],
           "bias": [-2.1347773553818663, -5.603316058025626, 0.4612374602598506]},
          {"weights": [
              [5.993818276585113, 0.8902605686480988, 3.4794003323211085],
              [-8.553843320883235, 1.7353208293916382, -3.5347162562964813],
              [9.876946936230704, 5.4342453822939625, 5.746747416290169],
              [0.7107251874951527, 4.064311371400468, 4.289450810272502]],
           "bias": [-0.7220133321028159, -1.4868601774792771, 0.42613608296565053, -2.0272600467521737]}
        ],
        "readout":
          {"weights": [
              [-1.9716970875242685, -0.4168768780197891, -2.642088635917264, 4.831638929727003]],
           "bias": [-6.980431668977168]}
        }
        """#,
    outputBounds: [1.0, 1.0],
    rows: [
        ([1, 0], 133.62115570703233, 31.244470390737625),
        ([0, 1], 4.831638929727003, 2.465575382797081),
        ([2, 2], 143.28443356648634, 36.175621156331786),
        ([3, 4], 19.32655571890801, 9.862301531188324),
        ([0, 4], 19.32655571890801, 9.862301531188324),
    ])

/// mixedChip: produced by
///
///     cd /work/shared/reference && python3 -c '
///     import paper_reference as o, numpy as np, json
///     c = o.random_chip(np.random.default_rng(13), 2, [3, 2, 3], 2, "relu", 0.5, 0.0, 0.3)
///     c["inputDomain"] = {"lower": -1.0, "upper": 2.0}
///     c["layers"][1]["activation"] = {"function": "sigmoid", "lipschitz": 2.5}
///     c["layers"][2]["activation"] = {"function": "relu", "lipschitz": 3.0}
///     json.dump(c, open("/tmp/chip13.json", "w")); ch = o.load("/tmp/chip13.json")
///     print(json.dumps(c)); print(o.c_bounds(ch))
///     F = [[1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 2, 3], [3, 1, 2], [2, 0, 1]]
///     for f in F: print(f, o.erf(ch, f, "max"), o.erf(ch, f, "mean"))'
let mixedChip = ReferenceCase(
    name: "mixedChip (rng seed 13)",
    json: #"""
        {
        "format": "neurofail.chip/1",
        "name": "random-relu",
        "inputs": 2,
        "activation": {"function": "relu", "lipschitz": 0.5},
        "layers": [
          {"weights": [
              [0.5480269679872269, -0.9234995730594101],
              [0.2874191925926541, 0.020891168298283445],
              [0.3954750072543205, 0.11568877499951669]],
           "bias": [0.5481775882758526, 0.00952312774552992, -0.15486883334774423]},
          {"weights": [
              [0.17414547640191536, 0.12963205840132164, -0.10705180722100528],
              [-0.07419114659645536, 0.2158322034555983, 0.21129479815859809]],
           "bias": [-0.14818026907055412, -0.11031411720599889],
           "activation": {"function": "sigmoid", "lipschitz": 2.5}},
          {"weights": [
              [-0.5420371168759597, 0.5037622402465411],
              [-0.06728726351786307, 0.40118322914862325],
              [0.12523967814215592, 0.5831888323874747]],
           "bias": [0.46113299283844916, 0.09548953180587119, 0.4442290259575305],
           "activation": {"function": "relu", "lipschitz": 3.0}}
        ],
        "readout":
          {"weights": [
              [-0.285037056482992, 0.37758544289670376, -0.44412708827765685],
              [0.10297091027227884, 0.3194629407630729, 0.06708964249463155]],
           "bias": [-0.11014124917169642, -0.24166801340383096]},
        "inputDomain": {"lower": -1.0, "upper": 2.0}
        }
        """#,
    outputBounds: [1.2838655486548585, 1.0, 2.7032348631816756],
    rows: [
        ([1, 0, 0], 3.22971919734989, 0.8656275983154913),
        ([0, 1, 0], 2.33108962239866, 0.8870083900439598),
        ([0, 0, 1], 1.2005798287155276, 0.7191835073706733),
        ([1, 2, 3], 3.601739486146583, 2.15755052211202),
        ([3, 1, 2], 4.793049130238887, 2.166850277247079),
        ([2, 0, 1], 5.506872091848714, 1.8733536384579952),
    ])
