import Foundation

/// Runs a batch: analyses each recording on a pool of worker threads, writes its JSON
/// report (and HTML when configured), and stores it in the results database in one
/// transaction. A recording that fails is recorded with its error; the batch goes on.
public final class BatchRunner: @unchecked Sendable {
    public let items: [BatchItem]
    public let configuration: BatchConfiguration
    private let analyze: BatchAnalysis
    // Guards every mutable field below (workers share them).
    private let lock = NSLock()
    private var next = 0
    private var cancelled = false
    private var fatal: Error?
    private var progress: BatchProgress

    public init(items: [BatchItem], configuration: BatchConfiguration, analyze: @escaping BatchAnalysis) {
        self.items = items
        self.configuration = configuration
        self.analyze = analyze
        progress = BatchProgress(total: items.count, bytesTotal: items.reduce(0) { $0 + $1.size })
    }

    /// Stops handing out recordings; the ones in flight finish and are stored. Safe to call
    /// from a signal handler's queue.
    public func cancel() {
        lock.withLock { cancelled = true }
    }

    /// Analyses every item (skipping, with `resume`, those already stored with the same
    /// content hash), then writes the CSV exports. `onProgress` is called after each
    /// recording, never concurrently. Throws only for output problems (unwritable folder or
    /// database), never for bad input files.
    public func run(onProgress: (@Sendable (BatchProgress) -> Void)? = nil) throws -> BatchSummary {
        let out = configuration.outputFolder
        let reports = out + "/" + OutputNames.recordingsFolder
        let start = Date()
        try Self.prepare(out, reports: reports, resume: configuration.resume)
        let database = try ResultsDatabase(path: out + "/" + OutputNames.database)
        let done = configuration.resume ? try database.completedHashes() : [:]

        let group = DispatchGroup()
        for _ in 0..<max(1, min(configuration.jobs, items.count)) {
            group.enter()
            let worker = Thread { [self] in
                defer { group.leave() }
                while let item = takeNext() {
                    do {
                        let stored = try process(item, done: done, database: database, reports: reports)
                        report(stored, item: item, start: start, onProgress: onProgress)
                    } catch {
                        lock.withLock {
                            if fatal == nil { fatal = error }
                            cancelled = true
                        }
                    }
                }
            }
            worker.stackSize = 8 << 20
            worker.start()
        }
        group.wait()
        if let fatal = lock.withLock({ fatal }) { throw fatal }

        try ResultsExport.writeCSVs(database, to: out)
        if configuration.renderHTML != nil { try StudyReportWriter.write(database, to: out, htmlReports: true) }
        let counts = try database.counts()
        return lock.withLock {
            BatchSummary(
                progress: progress, levels: counts.levels, ok: counts.ok, failed: counts.failed,
                failures: try? database.failures(), cancelled: cancelled,
                elapsed: Date().timeIntervalSince(start))
        }
    }

    /// What happened to one recording.
    enum Stored {
        case skipped
        case analysed(RecordingRow)
    }

    private func takeNext() -> BatchItem? {
        lock.withLock {
            guard !cancelled, next < items.count else { return nil }
            next += 1
            return items[next - 1]
        }
    }

    private func process(_ item: BatchItem, done: [String: String], database: ResultsDatabase, reports: String) throws -> Stored {
        let began = Date()
        // A file that cannot be hashed cannot be read either: the analysis reports why.
        let hash = (try? ContentHash.file(item.path)) ?? ""
        if !hash.isEmpty, done[item.relativePath] == hash { return .skipped }
        let result = Result { try analyze(item) }
        let name = OutputNames.safeName(item.relativePath)
        let jsonPath = reports + "/" + name + ".json"
        let htmlPath = reports + "/" + name + ".html"
        var jsonFile: String?
        switch result {
        case .success(let outcome):
            try write(AnalysisReport.encoder.encode(outcome.report), to: jsonPath)
            jsonFile = OutputNames.recordingsFolder + "/" + name + ".json"
            if let render = configuration.renderHTML {
                try write(Data(render(outcome).utf8), to: htmlPath)
            }
        case .failure:
            // A recording that used to work and now fails keeps no stale report.
            try? FileManager.default.removeItem(atPath: jsonPath)
            try? FileManager.default.removeItem(atPath: htmlPath)
        }
        let row = RecordingRow(
            item: item, contentHash: hash, result: result.map(\.report), analysedAt: Date(),
            elapsedS: Date().timeIntervalSince(began), toolVersion: configuration.toolVersion, jsonFile: jsonFile)
        try database.record(row, report: try? result.get().report)
        return .analysed(row)
    }

    private func report(_ stored: Stored, item: BatchItem, start: Date, onProgress: (@Sendable (BatchProgress) -> Void)?) {
        lock.lock()
        defer { lock.unlock() }
        progress.done += 1
        progress.bytesDone += item.size
        progress.elapsed = Date().timeIntervalSince(start)
        progress.last = item.relativePath
        switch stored {
        case .skipped:
            progress.skipped += 1
        case .analysed(let row):
            progress.analysed += 1
            progress.samples += row.sampleCount
            if row.status != "ok" { progress.failed += 1 }
        }
        onProgress?(progress)
    }

    private func write(_ data: Data, to path: String) throws {
        do {
            try data.write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw InputError(file: path, "cannot write: \(error.localizedDescription)")
        }
    }

    /// Creates the output folders; without `resume`, removes an earlier database and reports.
    static func prepare(_ out: String, reports: String, resume: Bool) throws {
        let fm = FileManager.default
        do {
            try fm.createDirectory(atPath: reports, withIntermediateDirectories: true)
        } catch {
            throw InputError(file: out, "cannot create the output folder: \(error.localizedDescription)")
        }
        guard !resume else { return }
        for suffix in ["", "-journal", "-wal", "-shm"] {
            try? fm.removeItem(atPath: out + "/" + OutputNames.database + suffix)
        }
        for name in (try? fm.contentsOfDirectory(atPath: reports)) ?? [] where name.hasSuffix(".json") || name.hasSuffix(".html") {
            try? fm.removeItem(atPath: reports + "/" + name)
        }
    }
}
