package report

// PolicyInit returns the fully commented default policy that `xborder policy init` prints. It
// parses to exactly DefaultPolicy (policy_test.go checks), so editing a copy of it is the way to
// start a policy. Every key is documented in docs/policy.md.
func PolicyInit() string { return policyInit }

const policyInit = `# xborder policy file. Everything a scan cannot see for itself: who you are, what you
# declare, which data an authority named as important. Reference: docs/policy.md.
# Unknown keys and wrong types are errors, never ignored.
version: 1

handler:
  # true if you are a critical information infrastructure operator (CIIO): any personal
  # information then needs a CAC security assessment (Art. 7(1)).
  ciio: false
  # Pilot free trade zones (Art. 6). A negative list speaks only for the sectors and scenarios
  # it names: a file is exempt only when you assign it to a listed scenario and no item of that
  # scenario covers its data; an item it holds needs the item's mechanism; every other file gets
  # the national test. Write each list as a pack (docs/policy.md has the schema and an example
  # pack, to be checked against the official list).
  free_trade_zone:
    enabled: false
    name: ""             # the zone the handler is registered in
    city: ""             # its city (city-wide lists: Shanghai and Beijing since 2026)
    lists: []            # packs: id, zone, city, edition, scope, applied_by, source, example, scenarios
    assignments: []      # - {paths: ["orders/**"], list: <id>, scenario: <id>, justification: "..."}

# Persons whose personal information you sent abroad this calendar year by other channels (not
# recorded in an xborder ledger). They count toward the volume thresholds of Arts. 7-8.
prior_totals:
  year: 0                  # required when a total is set; totals of another year are ignored
  individuals: 0
  sensitive_individuals: 0

# The calendar year (the volume window, reset each 1 January) and ages follow this zone.
time_zone: Asia/Shanghai

# Persons younger than this on the transfer date are minors, whose PI is sensitive
# (PIPL Art. 28: under 14). Set 15 to treat 14-year-olds as minors too (GB/T 35273 Annex B).
minor_age: 14

# These encode Arts. 7-8 of CAC Order No. 16 (2024), in distinct persons since 1 January.
# Change them only when the law does.
thresholds:
  contract_individuals: 100000      # Art. 8: 100,000 or more persons -> standard contract
  assessment_individuals: 1000000   # Art. 7(2): 1,000,000 or more -> security assessment
  assessment_sensitive: 10000       # Art. 7(2): 10,000 or more sensitive; 1 or more -> contract

# Whether files under a declared exemption still count toward the batch volume. No official
# answer exists; true is the conservative choice.
exempt_transfers_count: true

# Category overrides per type id: none, personal or sensitive. Example (GB/T 45574-2025 reading
# of the resident ID number):
#   categories:
#     cn_resident_id: personal
#     ethnicity: sensitive
categories: {}

# Declared exemptions and routes: the files they cover are decided on your declaration, with
# findings still listed. article: art4 (foreign PI re-exported), art5.1 (contract with the
# individual), art5.2 (cross-border HR), art5.3 (emergency), ndsmr35.6 (statutory duty or
# obligation, NDSMR Art. 35(6)), treaty (NDSMR Art. 36): all "free"; gba (Greater Bay Area
# standard contract): "contract" where the national test asks for a mechanism.
#   exemptions:
#     - paths: ["hr/**"]
#       article: art5.2
#       justification: "Payroll for seconded staff under the 2025 labour rules, clause 7."
exemptions: []

# Important-data catalogue: data an authority notified to you or published as important.
# A matching file always needs a security assessment; no exemption covers it.
#   important_data:
#     - name: mine-survey
#       column_words: ["矿区坐标", "储量"]
#       value_pattern: 'KS-\d{8}'     # Go regexp, matched against whole cells
#       paths: ["survey/**"]          # optional: only these files
#       source: "Provincial notice 2025-17"
important_data: []

# Custom detectors for your own identifiers.
#   detectors:
#     - id: employee_id
#       category: personal
#       description: "HR employee number"
#       header_words: ["工号", "employee id"]
#       value_pattern: 'E\d{6}'
#       checksum: none                # none, luhn, mod11-2, mod97 or uscc
#       identifying: true             # the value stands for one person when counting
detectors: []

# Files (globs) and columns (exact names or globs) to leave out of the scan.
ignore:
  paths: []
  columns: []

# Approvals you hold: a security assessment passed, a standard contract filed or a certification
# granted. Verdicts say when a file is covered, beyond the approved scale (NDSMR Art. 38), near
# expiry (60 days) or crossing into the assessment band under a contract.
#   approvals:
#     - kind: standard_contract       # assessment, standard_contract or certification
#       reference: "SC-310000-2026-0042"
#       paths: ["orders/**"]          # scope: paths, categories (type ids) or both
#       categories: ["person_name", "phone_number", "postal_address"]
#       individuals: 150000           # approved scale, persons per year
#       sensitive_individuals: 0
#       valid_from: 2026-01-15
#       valid_to: 2027-01-14          # required for assessments and certifications (3 years)
approvals: []
`
