import ArgumentParser
import CoordStorage
import CoordinationKit

/// The entry point: the hot path for the plainest spellings of the hottest
/// commands, argument-parser (`Coord`) for everything else.
@main
enum CoordMain {
    static func main() {
        guard let invocation = HotPathParser.parse(CommandLine.arguments.dropFirst()) else {
            Coord.main()
            return
        }
        do {
            try CommandRunner.run(invocation.execute(in:))
        } catch let exit as ExitCode {
            ProcessIO.exit(exit.rawValue)
        } catch {
            Coord.exit(withError: error)
        }
    }
}
