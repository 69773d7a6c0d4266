import Catalog
import Selection

struct UnknownStrategy: Error, CustomStringConvertible {
    let name: String
    var description: String {
        "unknown cold-start strategy '\(name)': use paper, random, nearest-to-centroid, typiclust, probcover or coreset"
    }
}

extension ProjectConfiguration.ColdStartSettings {
    func strategy(named name: String) throws -> ColdStartStrategy {
        switch name {
        case "paper", "cluster-proportional": .clusterMedoids(kMax: kMax)
        case "random": .random
        case "nearest-to-centroid", "alps": .nearestToCentroid
        case "typiclust": .typiClustDefault
        case "probcover": .probCoverDefault
        case "coreset", "k-center": .kCenterGreedy
        default: throw UnknownStrategy(name: name)
        }
    }
}
