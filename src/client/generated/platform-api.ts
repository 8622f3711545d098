/**
 * Generated from the platform service's OpenAPI document by `npm run generate:client`.
 * Do not edit: change the routes and generate again (a test fails while this file differs).
 */

export interface paths {
    "/health": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Readiness (the same answer as /health/ready) */
        get: operations["getHealth"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/health/live": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Liveness: the process answers */
        get: operations["getHealthLive"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/health/ready": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Readiness: the database and the chain answer */
        get: operations["getHealthReady"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/api-keys": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List API keys (never their secrets) */
        get: operations["getApiKeys"];
        put?: never;
        /** Create an API key for your own principal, with no more than you hold (the secret is returned once) */
        post: operations["postApiKeys"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/api-keys/{keyId}/allowed-ips": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Restrict an API key to client addresses (CIDR) */
        put: operations["putApiKeysByKeyIdAllowedIps"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/api-keys/{keyId}/revoke": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Revoke a key now */
        post: operations["postApiKeysByKeyIdRevoke"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/api-keys/{keyId}/rotate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Rotate a key: a new key now, the old one valid for the overlap */
        post: operations["postApiKeysByKeyIdRotate"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/assets/batch-mint": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Issue tokens to many ACTIVE investors at once (scope issuer or operate)
         * @description Every item is checked first as a single mint is (a bad item refuses the whole batch: 422 BATCH_MINT_ITEM_REFUSED naming itemIndex and reason; 422 BATCH_MINT_SUPPLY_LIMIT_EXCEEDED for the total). The items are cut into chunks sized from the token’s measured batchMint gas so that each custody transaction stays under the 16,777,216 gas cap; custody sends batchMint for each chunk from the warm issuer-agent vault (externalTxId batch-mint:<batchId>:<chunk>), one after another, each after a custody approver approves it. 202 for a new batch; 200 with the same batch for a repeat of the same body; 409 IDEMPOTENCY_KEY_REUSED for another body.
         */
        post: operations["postAssetsBatchMint"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/assets/batch-mints/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A batch mint: its chunks with their custody transactions, and every item’s status */
        get: operations["getAssetsBatchMintsById"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/assets/issuances/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One issuance and its custody transaction */
        get: operations["getAssetsIssuancesById"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/assets/mint": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Issue tokens to an ACTIVE investor (scope issuer or operate)
         * @description Custody sends mint(wallet, quantity) from the warm issuer-agent vault (externalTxId mint:<idempotencyKey>), so the issuance is usually PENDING_AUTHORIZATION until a custody approver approves. With lockupDays or lockupUntil, the issuer-agent vault first records the lock-up for the investor’s next mint (setNextMintLockup, a SET_MINT_LOCKUP token operation, externalTxId mint-lockup:<idempotencyKey>, approved at custody too) and the mint is sent only once it completed (MINT_LOCKUP_FAILED if it failed); 409 MINT_LOCKUP_IN_FLIGHT while another mint or lock-up of the investor is in flight, 422 MINT_LOCKUP_UNAVAILABLE for a token without the Custos lock-up module. 202 for a new issuance; 200 with the same issuance for a repeat of the same body; 409 IDEMPOTENCY_KEY_REUSED for another body; 422 INVESTOR_NOT_ACTIVE.
         */
        post: operations["postAssetsMint"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/audit/checkpoints": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Signed checkpoints of the log, with their on-chain anchoring */
        get: operations["getAuditCheckpoints"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/audit/consistency-proof": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** RFC 6962 proof that the tree of size `from` is a prefix of the tree of size `to` */
        get: operations["getAuditConsistencyProof"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/audit/entries": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Audit entries, filtered, a page at a time (personal data redacted) */
        get: operations["getAuditEntries"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/audit/entries/{seq}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One audit entry (personal data redacted) */
        get: operations["getAuditEntriesBySeq"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/audit/entries/{seq}/inclusion-proof": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * RFC 6962 proof that an entry is in the tree of a given size
         * @description treeSize defaults to the latest checkpoint that covers the entry, else the current log size. seq < treeSize ≤ the log size.
         */
        get: operations["getAuditEntriesBySeqInclusionProof"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/audit/exports": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Export requests, newest first (e.g. those waiting for approval) */
        get: operations["getAuditExports"];
        put?: never;
        /**
         * Request an export of the log as it is now
         * @description Without personal data the export is available at once, with personal data replaced by hashes (for reading: entry hashes cover the originals). With personal data, another key holding the export scopes must approve it first (four eyes). Every step is audited.
         */
        post: operations["postAuditExports"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/audit/exports/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** An export request; for its requester, once available, the export manifest */
        get: operations["getAuditExportsById"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/audit/exports/{id}/approve": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Approve a request for personal data (a second officer: never the requester) */
        post: operations["postAuditExportsByIdApprove"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/audit/exports/{id}/reject": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Reject a request for personal data (a second officer: never the requester) */
        post: operations["postAuditExportsByIdReject"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/audit/exports/{id}/segments/{index}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One segment file of an available export (NDJSON), for its requester */
        get: operations["getAuditExportsByIdSegmentsByIndex"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/audit/log-key": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The log's id and public key (pin the key out of band too) */
        get: operations["getAuditLogKey"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/console/enrol": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Enrol the passkey just created with an enrolment link, and sign in */
        post: operations["postConsoleEnrol"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/console/enrol/options": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Passkey creation options for an enrolment link */
        post: operations["postConsoleEnrolOptions"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/console/enrolments": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Issue a one-time link with which a principal enrols a passkey for the console */
        post: operations["postConsoleEnrolments"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/console/passkeys": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The caller's passkeys and live sessions */
        get: operations["getConsolePasskeys"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/console/passkeys/{credentialId}/revoke": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Revoke one of the caller's passkeys (its sessions end) */
        post: operations["postConsolePasskeysByCredentialIdRevoke"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/console/session": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Who is signed in, with the CSRF token state-changing requests must carry */
        get: operations["getConsoleSession"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/console/sign-in": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Sign in with a passkey assertion over a sign-in challenge */
        post: operations["postConsoleSignIn"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/console/sign-in/options": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** A sign-in challenge for any enrolled passkey */
        post: operations["postConsoleSignInOptions"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/console/sign-out": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** End this console session */
        post: operations["postConsoleSignOut"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/console/sign-out-everywhere": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** End every console session of the caller's principal */
        post: operations["postConsoleSignOutEverywhere"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/distributions/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One distribution: terms, status, totals, approvals, chunks (each reconciled against the chain), workflow */
        get: operations["getDistributionsById"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/distributions/{id}/approvals": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Approve a snapshotted distribution (scope issuer or compliance)
         * @description Paying needs an issuer-admin and a compliance officer: two distinct principals. 200 with the distribution (APPROVED once both have approved); 409 DISTRIBUTION_NOT_SNAPSHOTTED, DISTRIBUTION_APPROVAL_ROLE_TAKEN, DISTRIBUTION_ALREADY_APPROVED.
         */
        post: operations["postDistributionsByIdApprovals"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/distributions/{id}/claims": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A CLAIM distribution’s round: root, deadline, totals claimed and reclaimed, every leaf with its status, transaction and Merkle proof */
        get: operations["getDistributionsByIdClaims"];
        put?: never;
        /**
         * Claim an investor’s entitlement of a CLAIM distribution through custody, from the investor’s custodial vault (scope issuer or operate)
         * @description 202 with the claim (REQUESTED; CLAIMED with its txHash once mined, distribution.claimed; a claim custody fails is reported and retried, at most 3 attempts). With autoClaim (default) the platform has claimed custodial holders when the round opened. A leaf is claimed once: another request for the same investor, under any key, is 200 with the same claim. 409 DISTRIBUTION_NOT_CLAIM_MODE, DISTRIBUTION_NOT_CLAIMABLE (the round opens on the payment date), DISTRIBUTION_CLAIM_WINDOW_CLOSED, IDEMPOTENCY_KEY_REUSED; 422 DISTRIBUTION_NOTHING_TO_CLAIM (with why), DISTRIBUTION_CLAIM_NOT_CUSTODIAL.
         */
        post: operations["postDistributionsByIdClaims"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/distributions/{id}/entitlements": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Entitlements per holder: balance at record, gross, withholding, net, treatment, status
         * @description Before the snapshot a preview computed at the record point (frozen false); after it the frozen table. 409 DISTRIBUTION_SNAPSHOT_NOT_READY while the record date is ahead or the indexer has not reached the record point.
         */
        get: operations["getDistributionsByIdEntitlements"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/inbound/custody": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Custody’s signed webhooks (transaction status changes, deposits, whitelist changes)
         * @description Signed with `x-custos-signature` (see src/shared/webhooks/README.md). 202 when stored, 200 for an event already received, 401 for a bad signature, 503 when no secret is configured.
         */
        post: operations["postInboundCustody"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/inbound/fireblocks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Fireblocks webhooks (transaction and external wallet events), when the platform runs on a Fireblocks workspace
         * @description `Fireblocks-Signature` is checked with FIREBLOCKS_WEBHOOK_PUBLIC_KEY_FILE. 202 stored, 200 duplicate or not a transaction event, 401 bad signature, 503 no key configured.
         */
        post: operations["postInboundFireblocks"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/inbound/kyc/{provider}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * A KYC vendor’s signed screening result
         * @description Signed with `x-kyc-signature: t=<unix>,v1=<hex HMAC-SHA256(secret, t + "." + body)>`. Body: {id (the vendor's event id), providerRef, outcome: APPROVE|REVIEW|REJECT, reasons, sanctionsMatches, checkedAt}. 202 stored, 200 duplicate, 401 bad signature.
         */
        post: operations["postInboundKycByProvider"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/investors": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List investors (creation order) with filters */
        get: operations["getInvestors"];
        put?: never;
        /**
         * Create an investor (scope issuer or operate)
         * @description The investor starts PENDING_KYC and is screened at once (sanctions list, country, accreditation): then IN_REVIEW for a compliance officer, REJECTED with the reasons, or (with auto-approval) APPROVED. With `externalRef`, the same body again returns the same investor (200); another body under that ref is a 409.
         */
        post: operations["postInvestors"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/investors/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One investor, with its KYC result and onboarding progress */
        get: operations["getInvestorsById"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/investors/{id}/cash": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The investor’s cash per asset (available, reserved, total) and its ledger, newest first */
        get: operations["getInvestorsByIdCash"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/investors/{id}/deposit-address": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Where the investor sends stablecoin: its custodial vault, and the assets credited as cash
         * @description 409 DEPOSIT_ADDRESS_NOT_READY before onboarding made the vault.
         */
        get: operations["getInvestorsByIdDepositAddress"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/investors/{id}/holdings": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every platform token the investor’s wallet holds, with balance and frozen state, at each token’s indexed head */
        get: operations["getInvestorsByIdHoldings"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/investors/{id}/kyc-decision": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * A compliance officer approves or rejects an investor held for review (or suspended)
         * @description APPROVE starts onboarding (vault, ONCHAINID identity, signed KYC claim, registration); the investor becomes ACTIVE when the registry verifies it. 409 KYC_SCREENING_PENDING (retryable) while screening still runs.
         */
        post: operations["postInvestorsByIdKycDecision"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/investors/{id}/onboarding/retry": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Retry the investor’s failed workflow (scope operate or compliance)
         * @description A step whose custody transaction ended FAILED/BLOCKED/REJECTED/CANCELLED is asked again under a new externalTxId attempt.
         */
        post: operations["postInvestorsByIdOnboardingRetry"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/investors/{id}/reverify": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Re-verify an EXPIRED investor (screened again; once approved a new claim makes it ACTIVE again) */
        post: operations["postInvestorsByIdReverify"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/investors/{id}/statements": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** An investor’s distribution statement for a year: gross, withheld, net, dates, transaction hashes (JSON, or CSV with format=csv or Accept: text/csv) */
        get: operations["getInvestorsByIdStatements"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/investors/{id}/wallet-recoveries": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The investor’s wallet recoveries, newest first */
        get: operations["getInvestorsByIdWalletRecoveries"];
        put?: never;
        /**
         * Recover an investor who lost access to its wallet (scope issuer or compliance)
         * @description Custody creates a new vault; the new wallet becomes a key of the investor’s ONCHAINID and is registered to it; on every token the lost wallet holds, its balance is force-transferred to the new wallet (the lock-up lots follow), its frozen part frozen again there, and the lost wallet frozen; the lost wallet’s registration is deleted; the investor’s record points at the new vault. 202 PENDING (GET shows each step; the token actions wait for a custody approver); 200 same idempotencyKey and body; 409 IDEMPOTENCY_KEY_REUSED, 409 WALLET_RECOVERY_IN_PROGRESS; 422 WALLET_RECOVERY_INVESTOR_NOT_ACTIVE. Webhooks wallet_recovery.requested, .completed, .failed.
         */
        post: operations["postInvestorsByIdWalletRecoveries"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/investors/{id}/withdrawal-addresses": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The investor’s withdrawal addresses (a PENDING one is checked with custody) */
        get: operations["getInvestorsByIdWithdrawalAddresses"];
        put?: never;
        /**
         * Register an external address for withdrawals, with travel-rule data; custody is asked to whitelist it (scope issuer or operate)
         * @description 201 PENDING until custody’s admin quorum approves (then WHITELISTED); 200 the same address and details again. 422 INVESTOR_NOT_ACTIVE, WITHDRAWAL_ADDRESS_IS_OWN_VAULT; 409 WITHDRAWAL_ADDRESS_ALREADY_REGISTERED (other details); 501 WHITELISTING_NOT_SUPPORTED.
         */
        post: operations["postInvestorsByIdWithdrawalAddresses"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/investors/{id}/withdrawals": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The investor’s withdrawals, newest first */
        get: operations["getInvestorsByIdWithdrawals"];
        put?: never;
        /**
         * Withdraw cash to a registered, whitelisted address, through custody from the investor’s vault (scope issuer or operate)
         * @description 201 PROCESSING (the amount is reserved), then COMPLETED or FAILED; 200 the same idempotencyKey and body. 422 WITHDRAWAL_ADDRESS_NOT_REGISTERED, WITHDRAWAL_ADDRESS_NOT_WHITELISTED, CASH_INSUFFICIENT_BALANCE, ASSET_NOT_ACCEPTED, INVESTOR_NOT_ACTIVE; 409 IDEMPOTENCY_KEY_REUSED.
         */
        post: operations["postInvestorsByIdWithdrawals"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/investors/{id}/withholding": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Set an investor’s own withholding rate, e.g. an exemption on file, with its expiry (scope compliance) */
        put: operations["putInvestorsByIdWithholding"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/investors/{id}/workflows": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The investor’s screening, onboarding and revocation workflows, with their steps and custody ids */
        get: operations["getInvestorsByIdWorkflows"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/jobs/kyc-expiry/run": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Run the KYC expiry job now (scope operate or compliance); it also runs on a schedule */
        post: operations["postJobsKycExpiryRun"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/jobs/rescreen/run": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Rescreen ACTIVE investors now (scope operate or compliance): those due, or all with {"all": true} */
        post: operations["postJobsRescreenRun"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/kyc/sanctions-list/reload": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Re-read the sanctions list files; if they changed, rescreen every ACTIVE investor */
        post: operations["postKycSanctionsListReload"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/offerings": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List offerings (creation order) */
        get: operations["getOfferings"];
        put?: never;
        /**
         * Create an offering of an ACTIVE token (scope issuer)
         * @description Amounts in the settlement stablecoin’s base units. The terms are checked (400 OFFERING_TERMS_INVALID naming the field: softCap ≤ hardCap, min ≤ max, opensAt < closesAt, closesAt in the future, ISO countries the token may hold); 409 TOKEN_NOT_ACTIVE. Custody creates the offering’s treasury vault (hot), which receives stablecoin payments and pays refunds. With idempotencyKey a repeat returns the first offering (200); the same key with other terms is 409 IDEMPOTENCY_KEY_REUSED.
         */
        post: operations["postOfferings"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/offerings/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One offering: terms, status, totals, treasury vault, close progress */
        get: operations["getOfferingsById"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/offerings/{id}/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Cancel an OPEN offering and refund every payment (scope issuer)
         * @description CLOSING, then the same workflow as a close that missed its soft cap; the offering ends CANCELLED. 202 started; 200 already cancelling; 409 OFFERING_NOT_OPEN when a close started.
         */
        post: operations["postOfferingsByIdCancel"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/offerings/{id}/close": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Close an offering (scope issuer)
         * @description Allowed after closesAt, or before once paid subscriptions reach the hard cap (409 OFFERING_STILL_OPEN otherwise). CLOSING, then the OFFERING_CLOSE workflow: in-flight payments settle, unpaid subscriptions are CANCELLED; below the soft cap every stablecoin payment is refunded by custody and fiat ones are REFUND_DUE (REFUNDED); otherwise each paid subscription is minted its allocation through the warm issuer-agent vault (each waits for a custody approver) and the offering is CLOSED when all are minted. 202 started (or a FAILED close resumed); 200 nothing to do.
         */
        post: operations["postOfferingsByIdClose"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/offerings/{id}/subscriptions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** An offering’s subscriptions (creation order) */
        get: operations["getOfferingsByIdSubscriptions"];
        put?: never;
        /**
         * Subscribe an investor (scope issuer or operate)
         * @description Checked against every term; a refusal is 422 SUBSCRIPTION_<reason>: OFFERING_NOT_OPEN_YET, OFFERING_ENDED, OFFERING_NOT_OPEN, INVESTOR_NOT_ACTIVE, COUNTRY_NOT_ELIGIBLE, ACCREDITATION_REQUIRED, AMOUNT_NOT_WHOLE_UNITS, BELOW_MIN_INVESTMENT, ABOVE_MAX_INVESTMENT (counting the investor’s live subscriptions), HARD_CAP_EXCEEDED (counting all live subscriptions). 201 new; 200 the same subscription for a repeat of the same body; 409 IDEMPOTENCY_KEY_REUSED for another body.
         */
        post: operations["postOfferingsByIdSubscriptions"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/principals": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List principals (people and services) with their roles */
        get: operations["getPrincipals"];
        put?: never;
        /** Propose a new principal (takes effect at the admin quorum) */
        post: operations["postPrincipals"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/principals/{principalId}/grants": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Propose granting roles, scopes or groups to a principal (takes effect at the admin quorum) */
        post: operations["postPrincipalsByPrincipalIdGrants"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/principals/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The principal the caller acts for */
        get: operations["getPrincipalsMe"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/reconciliation/alerts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Drift between what the platform instructed and the chain (scope compliance or audit) */
        get: operations["getReconciliationAlerts"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/reconciliation/alerts/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One reconciliation alert (scope compliance or audit) */
        get: operations["getReconciliationAlertsById"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/reconciliation/alerts/{id}/resolve": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * A compliance officer resolves an alert, saying why (scope compliance)
         * @description The same drift is then not raised again. 409 RECONCILIATION_ALERT_NOT_OPEN if it is already resolved.
         */
        post: operations["postReconciliationAlertsByIdResolve"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/reconciliation/run": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Run reconciliation now against the indexed head and return its result (scope operate or admin)
         * @description Completed mints, transfers and batch mints against their transactions’ indexed Transfer events; every indexed Transfer against the platform’s operations; each token’s indexed supply against totalSupply(). Each new drift raises one alert (audited, webhook event reconciliation.alert_raised).
         */
        post: operations["postReconciliationRun"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/redemption-windows/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One redemption window: terms, status, totals, requests with allocation and settlement, workflow */
        get: operations["getRedemptionWindowsById"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/redemption-windows/{id}/requests": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * An investor asks to redeem tokens in the window (scope issuer or operate)
         * @description 201 PENDING until the window closes; 200 the same investor and quantity again. 409 REDEMPTION_REQUEST_NOT_OPEN, REDEMPTION_REQUEST_ALREADY_SUBMITTED; 422 REDEMPTION_REQUEST_INVESTOR_NOT_ACTIVE, REDEMPTION_REQUEST_INVESTOR_FROZEN, REDEMPTION_REQUEST_EXCEEDS_FREE_BALANCE.
         */
        post: operations["postRedemptionWindowsByIdRequests"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/security-events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Refused unauthenticated requests, counted and sampled
         * @description Newest minute first. Authenticated refusals (a missing scope, four eyes) are decisions and are in the audit log instead.
         */
        get: operations["getSecurityEvents"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/subscriptions/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One subscription with its payment, refund and mint */
        get: operations["getSubscriptionsById"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/subscriptions/{id}/fiat-received": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Record a subscription paid by bank transfer (scope operate)
         * @description PAID with the bank reference. The amount must equal the subscription’s (422 FIAT_AMOUNT_MISMATCH). 201 recorded; 200 the same reference again; 409 SUBSCRIPTION_ALREADY_PAID for another payment, OFFERING_NOT_OPEN once the close started.
         */
        post: operations["postSubscriptionsByIdFiatReceived"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/subscriptions/{id}/fiat-refunded": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Record a fiat payment returned by bank transfer (scope operate)
         * @description A REFUND_DUE subscription (offering below its soft cap, or cancelled) becomes REFUNDED with the bank reference. 200 for the same reference again; 409 SUBSCRIPTION_NOT_REFUND_DUE otherwise.
         */
        post: operations["postSubscriptionsByIdFiatRefunded"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/subscriptions/{id}/pay": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Pay a subscription in stablecoin from the investor’s custodial vault (scope issuer or operate)
         * @description Custody sends transfer(treasury, amount) on the stablecoin from the investor’s vault (externalTxId sub:<id>:pay:<attempt>; the gas station funds the gas); PAID when custody completes it. 202 new payment; 200 when already underway or paid (a stalled one is resumed). 422 PAYMENT_INSUFFICIENT_FUNDS, PAYMENT_METHOD_NOT_ACCEPTED, PAYMENT_INVESTOR_NOT_ACTIVE; 409 OFFERING_NOT_OPEN, SUBSCRIPTION_ALREADY_PAID (by fiat), SUBSCRIPTION_CANCELLED.
         */
        post: operations["postSubscriptionsByIdPay"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tender-offers/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One tender offer: terms, status, totals, requests with allocation and settlement, workflow */
        get: operations["getTenderOffersById"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tender-offers/{id}/tenders": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * An investor tenders tokens into the offer (scope issuer or operate)
         * @description 201 PENDING until the window closes; 200 the same investor and quantity again. 409 TENDER_NOT_OPEN, TENDER_ALREADY_SUBMITTED; 422 TENDER_INVESTOR_NOT_ACTIVE, TENDER_INVESTOR_FROZEN, TENDER_EXCEEDS_FREE_BALANCE.
         */
        post: operations["postTenderOffersByIdTenders"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tokens": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every token, with chain state */
        get: operations["getTokens"];
        put?: never;
        /**
         * Deploy a T-REX token through custody (scope issuer)
         * @description Records the token DEPLOYING and asks custody for TREXFactory.deployTREXSuite from the issuer-agent vault (owner and agent of the suite; the identity-agent vault is its registry agent; the platform’s shared identity storage, so onboarded investors are already registered). The vault is warm: a custody approver must approve. The token is ACTIVE (and paused, as every new T-REX token) once the receipt shows its addresses.
         */
        post: operations["postTokens"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tokens/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One token: addresses, modules, paused, total supply (read from the chain) */
        get: operations["getTokensById"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tokens/{id}/agent-actions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every agent action on the token (freezes, forced transfers, burns, recoveries’ moves), newest first */
        get: operations["getTokensByIdAgentActions"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tokens/{id}/agent-actions/{actionId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One agent action of the token */
        get: operations["getTokensByIdAgentActionsByActionId"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tokens/{id}/burns": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The token’s BURN actions, newest first */
        get: operations["getTokensByIdBurns"];
        put?: never;
        /**
         * Burn tokens of a holder (burn) (scope issuer or compliance)
         * @description Checked against the chain first (422 with a code, nothing recorded: AGENT_BURN_EXCEEDS_BALANCE, AGENT_AMOUNT_NOT_POSITIVE; 409 TOKEN_NOT_ACTIVE), then recorded with the holder’s state before, audited with its reason, and sent through custody from the token’s agent vault (warm: a custody approver approves). 202 with the action (custodyStatus PENDING_AUTHORIZATION while it waits); 200 for the same idempotencyKey and body; 409 IDEMPOTENCY_KEY_REUSED. Webhooks agent_action.requested, agent_action.completed / agent_action.failed.
         */
        post: operations["postTokensByIdBurns"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tokens/{id}/burns/{actionId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One BURN action: status, reason, custody transaction, hash, the holder before and after */
        get: operations["getTokensByIdBurnsByActionId"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tokens/{id}/compliance/migrate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Move a token onto the Custos compliance modules (scope issuer)
         * @description A MIGRATE_COMPLIANCE token operation for a token bound to other compliance modules (Tokeny’s, before Custos had its own): from the issuer-agent vault (the compliance’s owner), one custody transaction per step, each approved at custody — the holders’ balances and count are seeded into the max-balance and max-holders modules, the five Custos modules are bound and given the token’s recorded rules, then every other module is unbound (ours first, so the token is never without its rules). The token must be paused (409 TOKEN_NOT_PAUSED). The operation’s custodyTxId is the step under way; GET /v1/tokens/:id/operations/:operationId shows the end. 202 for a new migration; 200 with the same operation for a repeat of the same key; 409 COMPLIANCE_ALREADY_MIGRATED when the token binds ours and no other, COMPLIANCE_MIGRATION_IN_FLIGHT while another is under way, TOKEN_OPERATIONS_IN_FLIGHT while another operation on the token is unfinished, TOKEN_NOT_ACTIVE. While a migration is under way every other operation on the token but a pause, freeze or unfreeze is refused with 409 COMPLIANCE_MIGRATION_IN_FLIGHT (a batch mint’s next chunk waits).
         */
        post: operations["postTokensByIdComplianceMigrate"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tokens/{id}/distributions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A token’s distributions (declaration order) */
        get: operations["getTokensByIdDistributions"];
        put?: never;
        /**
         * Declare a distribution (dividend, coupon, capital return, stock dividend) of a token, paid (PUSH) or claimed (CLAIM) (scope issuer)
         * @description 201 DECLARED with distribution.created; 200 the same idempotencyKey and body; 409 IDEMPOTENCY_KEY_REUSED. 422 refusals, each naming the field: DISTRIBUTION_AMOUNT_MISSING, _AMOUNT_NOT_POSITIVE, _RECORD_POINT_MISSING, _PAYMENT_BEFORE_RECORD, _PAYMENT_DATE_PAST, _CLAIM_DEADLINE_MISSING, _CLAIM_DEADLINE_TOO_EARLY, _CLAIM_DEADLINE_NOT_ALLOWED, _ASSET_NOT_ERC20, _ASSET_IS_TOKEN, _STOCK_ASSET_NOT_TOKEN, _STOCK_NOT_CLAIMABLE, _STOCK_POLICY_NOT_IN_KIND, _CONTRACTS_NOT_DEPLOYED.
         */
        post: operations["postTokensByIdDistributions"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tokens/{id}/forced-transfers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The token’s FORCED_TRANSFER actions, newest first */
        get: operations["getTokensByIdForcedTransfers"];
        put?: never;
        /**
         * Move tokens from one holder to another without its consent (forcedTransfer), e.g. under a court order (scope issuer or compliance)
         * @description Checked against the chain first (422 with a code, nothing recorded: AGENT_TRANSFER_EXCEEDS_BALANCE, AGENT_RECEIVER_NOT_VERIFIED (the destination is no verified identity of the token), AGENT_SAME_WALLET, AGENT_AMOUNT_NOT_POSITIVE; 409 TOKEN_NOT_ACTIVE), then recorded with the holder’s state before, audited with its reason, and sent through custody from the token’s agent vault (warm: a custody approver approves). 202 with the action (custodyStatus PENDING_AUTHORIZATION while it waits); 200 for the same idempotencyKey and body; 409 IDEMPOTENCY_KEY_REUSED. Webhooks agent_action.requested, agent_action.completed / agent_action.failed.
         */
        post: operations["postTokensByIdForcedTransfers"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tokens/{id}/forced-transfers/{actionId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One FORCED_TRANSFER action: status, reason, custody transaction, hash, the holder before and after */
        get: operations["getTokensByIdForcedTransfersByActionId"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tokens/{id}/freezes": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The token’s FREEZE actions, newest first */
        get: operations["getTokensByIdFreezes"];
        put?: never;
        /**
         * Freeze an address on the token (setAddressFrozen true) (scope issuer or compliance)
         * @description Checked against the chain first (422 with a code, nothing recorded: AGENT_TARGET_INVALID, AGENT_INVESTOR_WALLET_MISSING; 409 TOKEN_NOT_ACTIVE), then recorded with the holder’s state before, audited with its reason, and sent through custody from the token’s agent vault (warm: a custody approver approves). 202 with the action (custodyStatus PENDING_AUTHORIZATION while it waits); 200 for the same idempotencyKey and body; 409 IDEMPOTENCY_KEY_REUSED. Webhooks agent_action.requested, agent_action.completed / agent_action.failed.
         */
        post: operations["postTokensByIdFreezes"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tokens/{id}/freezes/{actionId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One FREEZE action: status, reason, custody transaction, hash, the holder before and after */
        get: operations["getTokensByIdFreezesByActionId"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tokens/{id}/holders": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The token’s holders at a block (default: the indexed head), from the chain indexer
         * @description Balances come from the indexed Transfer events up to the block, so a past block (a record date) answers as exactly as the head. Each holder carries the investor whose wallet it is, its frozen state and its registered identity at that block. 409 BLOCK_NOT_INDEXED (retryable) for a block above the indexed head; 409 CAP_TABLE_NOT_INDEXED for a token the indexer has not picked up yet. Holders in address order, a page at a time.
         */
        get: operations["getTokensByIdHolders"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tokens/{id}/operations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The token’s operations (mints, transfers, pauses), newest first */
        get: operations["getTokensByIdOperations"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tokens/{id}/operations/{operationId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One token operation and its custody transaction */
        get: operations["getTokensByIdOperationsByOperationId"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tokens/{id}/partial-freezes": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The token’s PARTIAL_FREEZE actions, newest first */
        get: operations["getTokensByIdPartialFreezes"];
        put?: never;
        /**
         * Freeze part of a holder’s balance (freezePartialTokens) (scope issuer or compliance)
         * @description Checked against the chain first (422 with a code, nothing recorded: AGENT_FREEZE_EXCEEDS_BALANCE (more than its unfrozen balance), AGENT_AMOUNT_NOT_POSITIVE; 409 TOKEN_NOT_ACTIVE), then recorded with the holder’s state before, audited with its reason, and sent through custody from the token’s agent vault (warm: a custody approver approves). 202 with the action (custodyStatus PENDING_AUTHORIZATION while it waits); 200 for the same idempotencyKey and body; 409 IDEMPOTENCY_KEY_REUSED. Webhooks agent_action.requested, agent_action.completed / agent_action.failed.
         */
        post: operations["postTokensByIdPartialFreezes"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tokens/{id}/partial-freezes/{actionId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One PARTIAL_FREEZE action: status, reason, custody transaction, hash, the holder before and after */
        get: operations["getTokensByIdPartialFreezesByActionId"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tokens/{id}/partial-unfreezes": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The token’s PARTIAL_UNFREEZE actions, newest first */
        get: operations["getTokensByIdPartialUnfreezes"];
        put?: never;
        /**
         * Unfreeze part of a holder’s frozen tokens (unfreezePartialTokens) (scope issuer or compliance)
         * @description Checked against the chain first (422 with a code, nothing recorded: AGENT_UNFREEZE_EXCEEDS_FROZEN (more than is frozen), AGENT_AMOUNT_NOT_POSITIVE; 409 TOKEN_NOT_ACTIVE), then recorded with the holder’s state before, audited with its reason, and sent through custody from the token’s agent vault (warm: a custody approver approves). 202 with the action (custodyStatus PENDING_AUTHORIZATION while it waits); 200 for the same idempotencyKey and body; 409 IDEMPOTENCY_KEY_REUSED. Webhooks agent_action.requested, agent_action.completed / agent_action.failed.
         */
        post: operations["postTokensByIdPartialUnfreezes"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tokens/{id}/partial-unfreezes/{actionId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One PARTIAL_UNFREEZE action: status, reason, custody transaction, hash, the holder before and after */
        get: operations["getTokensByIdPartialUnfreezesByActionId"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tokens/{id}/pause": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Pause a token through custody (scope issuer)
         * @description Sent from the warm issuer-agent vault: the answer is usually PENDING_AUTHORIZATION with the custody transaction id; a custody approver approves, and GET /v1/tokens/:id/operations/:operationId shows the end.
         */
        post: operations["postTokensByIdPause"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tokens/{id}/redemption-windows": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A token’s redemption windows */
        get: operations["getTokensByIdRedemptionWindows"];
        put?: never;
        /**
         * Open a redemption window at a fixed price or NAV per token (scope issuer)
         * @description 201 OPEN; 200 the same idempotencyKey and body. 422 REDEMPTION_WINDOW_WINDOW_INVALID, REDEMPTION_WINDOW_CLOSES_IN_PAST, REDEMPTION_WINDOW_CONTRACTS_NOT_DEPLOYED, REDEMPTION_WINDOW_TREASURY_NOT_VERIFIED; 409 REDEMPTION_WINDOW_TOKEN_NOT_ACTIVE, IDEMPOTENCY_KEY_REUSED.
         */
        post: operations["postTokensByIdRedemptionWindows"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tokens/{id}/tender-offers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A token’s tender offers */
        get: operations["getTokensByIdTenderOffers"];
        put?: never;
        /**
         * Open a tender offer (buyback) at a price, for at most maxQuantity, in a window (scope issuer)
         * @description 201 OPEN; 200 the same idempotencyKey and body. 422 TENDER_OFFER_WINDOW_INVALID, TENDER_OFFER_CLOSES_IN_PAST, TENDER_OFFER_CONTRACTS_NOT_DEPLOYED, TENDER_OFFER_TREASURY_NOT_VERIFIED; 409 TENDER_OFFER_TOKEN_NOT_ACTIVE, IDEMPOTENCY_KEY_REUSED.
         */
        post: operations["postTokensByIdTenderOffers"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tokens/{id}/unfreezes": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The token’s UNFREEZE actions, newest first */
        get: operations["getTokensByIdUnfreezes"];
        put?: never;
        /**
         * Unfreeze an address on the token (setAddressFrozen false) (scope issuer or compliance)
         * @description Checked against the chain first (422 with a code, nothing recorded: AGENT_TARGET_INVALID, AGENT_INVESTOR_WALLET_MISSING; 409 TOKEN_NOT_ACTIVE), then recorded with the holder’s state before, audited with its reason, and sent through custody from the token’s agent vault (warm: a custody approver approves). 202 with the action (custodyStatus PENDING_AUTHORIZATION while it waits); 200 for the same idempotencyKey and body; 409 IDEMPOTENCY_KEY_REUSED. Webhooks agent_action.requested, agent_action.completed / agent_action.failed.
         */
        post: operations["postTokensByIdUnfreezes"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tokens/{id}/unfreezes/{actionId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One UNFREEZE action: status, reason, custody transaction, hash, the holder before and after */
        get: operations["getTokensByIdUnfreezesByActionId"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tokens/{id}/unpause": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Unpause a token through custody (scope issuer)
         * @description Sent from the warm issuer-agent vault: the answer is usually PENDING_AUTHORIZATION with the custody transaction id; a custody approver approves, and GET /v1/tokens/:id/operations/:operationId shows the end.
         */
        post: operations["postTokensByIdUnpause"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/transfers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Transfer tokens between investors through custody (scope issuer or operate)
         * @description Runs the transfer check (422 TRANSFER_<RESTRICTION> with details.restrictionCode when it refuses), then custody sends transfer(to, quantity) from the sender’s own vault (externalTxId xfer:<idempotencyKey>). 202 new; 200 repeat of the same body; 409 IDEMPOTENCY_KEY_REUSED.
         */
        post: operations["postTransfers"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/transfers/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One transfer and its custody transaction */
        get: operations["getTransfersById"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/transfers/check": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Would this transfer go? ERC-1404-style {code, message} from chain reads */
        get: operations["getTransfersCheck"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/wallet-recoveries/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One wallet recovery: its steps’ token actions and its workflow */
        get: operations["getWalletRecoveriesById"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhooks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List subscriptions (never their secrets) */
        get: operations["getWebhooks"];
        put?: never;
        /**
         * Subscribe a URL to events
         * @description Returns the signing secret once; it cannot be read back (rotate it to get a new one).
         */
        post: operations["postWebhooks"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhooks/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One subscription */
        get: operations["getWebhooksById"];
        put?: never;
        post?: never;
        /**
         * Delete a subscription
         * @description Erases its secret and cancels its pending deliveries.
         */
        delete: operations["deleteWebhooksById"];
        options?: never;
        head?: never;
        /**
         * Change a subscription’s delivery settings
         * @description timeoutMs, concurrency and maxAttempts; null resets one to the service default, an absent one is left as it is. Deliveries claimed from now on follow them.
         */
        patch: operations["patchWebhooksById"];
        trace?: never;
    };
    "/v1/webhooks/{id}/deliveries": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Delivery log, newest first
         * @description Each delivery with every attempt: time, HTTP status or error, duration. Page with nextCursor.
         */
        get: operations["getWebhooksByIdDeliveries"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhooks/{id}/disable": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Stop sending to a subscription
         * @description Pending deliveries end FAILED; redeliver them after enabling.
         */
        post: operations["postWebhooksByIdDisable"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhooks/{id}/enable": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Resume a disabled subscription */
        post: operations["postWebhooksByIdEnable"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhooks/{id}/rotate-secret": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Replace the signing secret
         * @description Returns the new secret once. With overlapSeconds, deliveries carry a v1 signature under each secret until the overlap ends.
         */
        post: operations["postWebhooksByIdRotateSecret"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhooks/deliveries/{deliveryId}/redeliver": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Send a delivery’s event again
         * @description Schedules a fresh delivery of the same event (same id and sequence) to the same subscription, due now.
         */
        post: operations["postWebhooksDeliveriesByDeliveryIdRedeliver"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/withdrawals/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One withdrawal: amount, destination, status, custody transaction */
        get: operations["getWithdrawalsById"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/withholding/countries/{country}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Set a country’s treaty withholding rate (scope compliance) */
        put: operations["putWithholdingCountriesByCountry"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/withholding/default": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Set the default withholding rate (scope compliance) */
        put: operations["putWithholdingDefault"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/withholding/rates": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Withholding rates on file: default, per country (treaty), per investor */
        get: operations["getWithholdingRates"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        /** AgentAction */
        AgentAction: {
            /** @description the holder acted on (the sender of a forced transfer) */
            address: string;
            after: {
                holder: components["schemas"]["HolderState"];
                receiver?: components["schemas"]["HolderState"];
            } | null;
            amount: string | null;
            before: {
                holder: components["schemas"]["HolderState"];
                receiver?: components["schemas"]["HolderState"];
            };
            completedAt: string | null;
            createdAt: string;
            createdBy: string;
            custodyStatus: string | null;
            custodyTxId: string | null;
            externalTxId: string;
            id: string;
            idempotencyKey: string;
            investorId: string | null;
            /** @description FREEZE, UNFREEZE, PARTIAL_FREEZE, PARTIAL_UNFREEZE, FORCED_TRANSFER or BURN */
            kind: string;
            reason: string;
            recoveryId: string | null;
            /** @description PENDING (custody not reached yet), SUBMITTED (see custodyStatus: PENDING_AUTHORIZATION waits for a custody approver), COMPLETED or FAILED (statusCode, statusReason) */
            status: string;
            statusCode: string | null;
            statusReason: string | null;
            toAddress: string | null;
            toInvestorId: string | null;
            tokenId: string;
            txHash: string | null;
        };
        /** Cash */
        Cash: {
            balances: {
                asset: string;
                available: string;
                reserved: string;
                total: string;
                /** @description what the investor’s vault holds on-chain; more than total when money arrived or left outside the cash module */
                vaultBalance: string | null;
            }[];
            entries: {
                asset: string;
                availableDelta: string;
                createdAt: string;
                details: unknown;
                id: string;
                /** @description DEPOSIT, RETRACTION, SUBSCRIPTION_PAYMENT or WITHDRAWAL */
                kind: string;
                /** @description SETTLED, RESERVED or RELEASED */
                phase: string;
                reservedDelta: string;
                subject: {
                    id: string;
                    type: string;
                };
            }[];
            investorId: string;
            nextCursor: string | null;
        };
        /** DepositAddress */
        DepositAddress: {
            /** @description the investor’s custodial vault (the one that holds its tokens); send the stablecoin here */
            address: string;
            /** @description credited as cash once custody confirms the deposit */
            assets: {
                /** @description ERC-20 contract */
                asset: string;
                decimals: number;
                symbol: string;
            }[];
            chainId: number;
            investorId: string;
            vaultId: string;
        };
        /** HolderState */
        HolderState: {
            address: string;
            /** @description the whole address frozen (isFrozen) */
            addressFrozen: boolean;
            /** @description base units */
            balance: string;
            /** @description partially frozen base units (getFrozenTokens) */
            frozenTokens: string;
            /** @description base units in lock-up lots not yet released (CustosLockupModule) */
            lockedTokens?: string;
        };
        /** Problem */
        Problem: {
            /** @description stable machine-readable code, e.g. VALIDATION_FAILED, RATE_LIMITED */
            code: string;
            /** @description what went wrong, for a person */
            detail: string;
            status: number;
            title: string;
            /** @description a URI naming the problem; its last segment is the code in kebab case */
            type: string;
        } & {
            [key: string]: unknown;
        };
        /** WalletRecovery */
        WalletRecovery: {
            actions: components["schemas"]["AgentAction"][];
            completedAt: string | null;
            createdAt: string;
            createdBy: string;
            holdings: {
                balance: string;
                frozenTokens: string;
                lockedTokens: string;
                tokenId: string;
            }[] | null;
            id: string;
            idempotencyKey: string;
            identityAddress: string;
            investorId: string;
            newVaultId: string | null;
            newWallet: string | null;
            oldVaultId: string | null;
            oldWallet: string;
            reason: string;
            /** @description PENDING, COMPLETED or FAILED */
            status: string;
            statusCode: string | null;
            statusReason: string | null;
            workflow: {
                lastError: string | null;
                status: string;
                step: string;
                waitingFor: string | null;
            } | null;
        };
        /** Withdrawal */
        Withdrawal: {
            amount: string;
            asset: string;
            completedAt: string | null;
            createdAt: string;
            custody: {
                custodyTxId: string | null;
                externalTxId: string;
            };
            id: string;
            investorId: string;
            /** @description PROCESSING, COMPLETED or FAILED */
            status: string;
            statusCode: string | null;
            statusReason: string | null;
            to: string;
            txHash: string | null;
            updatedAt: string;
            withdrawalAddressId: string;
        };
        /** WithdrawalAddress */
        WithdrawalAddress: {
            address: string;
            beneficiaryName: string;
            createdAt: string;
            custody: {
                changeRequestId: string | null;
            };
            id: string;
            institutionCountry: string | null;
            institutionName: string | null;
            investorId: string;
            label: string;
            /** @description PENDING (custody’s admin quorum has not decided), WHITELISTED, REJECTED or REMOVED */
            status: string;
            statusReason: string | null;
            updatedAt: string;
            whitelistedAt: string | null;
        };
        /** Workflow */
        Workflow: {
            attempts: number;
            completedAt: string | null;
            createdAt: string;
            id: string;
            kind: string;
            lastError: string | null;
            lastErrorCode: string | null;
            state: unknown;
            status: string;
            step: string;
            updatedAt: string;
            waitingOn: string | null;
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    getHealth: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        chainId: number;
                        checks: {
                            chain: boolean;
                            database: boolean;
                        };
                        database: "pglite" | "postgres";
                        service: string;
                        status: "ok" | "unavailable";
                        version: string;
                    };
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        chainId: number;
                        checks: {
                            chain: boolean;
                            database: boolean;
                        };
                        database: "pglite" | "postgres";
                        service: string;
                        status: "ok" | "unavailable";
                        version: string;
                    };
                };
            };
        };
    };
    getHealthLive: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        service: string;
                        /** @enum {string} */
                        status: "ok";
                        version: string;
                    };
                };
            };
        };
    };
    getHealthReady: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        chainId: number;
                        checks: {
                            chain: boolean;
                            database: boolean;
                        };
                        database: "pglite" | "postgres";
                        service: string;
                        status: "ok" | "unavailable";
                        version: string;
                    };
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        chainId: number;
                        checks: {
                            chain: boolean;
                            database: boolean;
                        };
                        database: "pglite" | "postgres";
                        service: string;
                        status: "ok" | "unavailable";
                        version: string;
                    };
                };
            };
        };
    };
    getApiKeys: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            createdAt: string;
                            createdBy: string;
                            expiresAt: string | null;
                            groups: string[];
                            keyId: string;
                            notBefore: string | null;
                            principalId: string;
                            revokedAt: string | null;
                            revokedBy: string | null;
                            role: string;
                            rotatedFrom: string | null;
                            scopes: string[];
                            status: string;
                        }[];
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests for this key: wait the Retry-After header, then retry */
            429: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postApiKeys: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** Format: date-time */
                    expiresAt?: string;
                    groups?: string[];
                    /** @description the caller's own principal (the default); keys for others are refused */
                    principalId?: string;
                    /** @description one of the principal's roles (default the caller's) */
                    role?: string;
                    scopes: ("read" | "issuer" | "admin" | "compliance" | "audit" | "operate")[];
                };
            };
        };
        responses: {
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        keyId: string;
                        /** @description shown once; store it now */
                        secret: string;
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests for this key: wait the Retry-After header, then retry */
            429: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    putApiKeysByKeyIdAllowedIps: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                keyId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description CIDR blocks or addresses; an empty list lifts the restriction */
                    cidrs: string[];
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        allowedCidrs: string[] | null;
                        keyId: string;
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests for this key: wait the Retry-After header, then retry */
            429: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postApiKeysByKeyIdRevoke: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                keyId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        createdAt: string;
                        createdBy: string;
                        expiresAt: string | null;
                        groups: string[];
                        keyId: string;
                        notBefore: string | null;
                        principalId: string;
                        revokedAt: string | null;
                        revokedBy: string | null;
                        role: string;
                        rotatedFrom: string | null;
                        scopes: string[];
                        status: string;
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests for this key: wait the Retry-After header, then retry */
            429: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postApiKeysByKeyIdRotate: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                keyId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    overlapSeconds: number;
                };
            };
        };
        responses: {
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        keyId: string;
                        /** @description shown once; store it now */
                        secret: string;
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests for this key: wait the Retry-After header, then retry */
            429: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postAssetsBatchMint: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    agreementRef: string;
                    idempotencyKey: string;
                    /** @description 1 to 5000 items, one per investor (a duplicate investor refuses the batch) */
                    items: {
                        investorId: string;
                        /** @description base units, a positive integer as a decimal string (checked per item: a bad one is named by its index) */
                        quantity: string;
                    }[];
                    /** @description lowers the predicted gas of each chunk (default and maximum 12575412: 90 % of the largest estimate custody can send under the 16,777,216 gas cap) */
                    maxChunkGas?: number;
                    tokenId: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        agreementRef: string;
                        chunkCount: number;
                        chunks: {
                            custodyStatus: string | null;
                            custodyTxId: string | null;
                            externalTxId: string;
                            firstItem: number;
                            holders: number;
                            index: number;
                            lastItem: number;
                            operationId: string | null;
                            predictedGas: string;
                            quantity: string;
                            /** @description PLANNED, SUBMITTED, PENDING_AUTHORIZATION (a custody approver must approve), COMPLETED, FAILED, or NOT_SENT (the batch ended before it) */
                            status: string;
                            statusCode: string | null;
                            statusReason: string | null;
                            txHash: string | null;
                        }[];
                        completedAt: string | null;
                        createdAt: string;
                        createdBy: string;
                        gasModel: {
                            baseGas: string;
                            chunkGasBudget: string;
                            holdersPerChunk: number;
                            perHolderGas: string;
                            /** @description first-time (measured on holders new to the token) or existing (measured on existing holders, scaled up by 1.5) */
                            probe: string;
                            txGasCap: string;
                        };
                        id: string;
                        idempotencyKey: string;
                        itemCount: number;
                        items: {
                            chunkIndex: number;
                            index: number;
                            investorId: string;
                            quantity: string;
                            /** @description PENDING, MINTED, FAILED or NOT_SENT (its chunk’s outcome) */
                            status: string;
                            walletAddress: string;
                        }[];
                        /** @description PROCESSING, COMPLETED or FAILED */
                        status: string;
                        statusCode: string | null;
                        statusReason: string | null;
                        tokenId: string;
                        totalQuantity: string;
                        updatedAt: string;
                    };
                };
            };
            /** @description Default Response */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        agreementRef: string;
                        chunkCount: number;
                        chunks: {
                            custodyStatus: string | null;
                            custodyTxId: string | null;
                            externalTxId: string;
                            firstItem: number;
                            holders: number;
                            index: number;
                            lastItem: number;
                            operationId: string | null;
                            predictedGas: string;
                            quantity: string;
                            /** @description PLANNED, SUBMITTED, PENDING_AUTHORIZATION (a custody approver must approve), COMPLETED, FAILED, or NOT_SENT (the batch ended before it) */
                            status: string;
                            statusCode: string | null;
                            statusReason: string | null;
                            txHash: string | null;
                        }[];
                        completedAt: string | null;
                        createdAt: string;
                        createdBy: string;
                        gasModel: {
                            baseGas: string;
                            chunkGasBudget: string;
                            holdersPerChunk: number;
                            perHolderGas: string;
                            /** @description first-time (measured on holders new to the token) or existing (measured on existing holders, scaled up by 1.5) */
                            probe: string;
                            txGasCap: string;
                        };
                        id: string;
                        idempotencyKey: string;
                        itemCount: number;
                        items: {
                            chunkIndex: number;
                            index: number;
                            investorId: string;
                            quantity: string;
                            /** @description PENDING, MINTED, FAILED or NOT_SENT (its chunk’s outcome) */
                            status: string;
                            walletAddress: string;
                        }[];
                        /** @description PROCESSING, COMPLETED or FAILED */
                        status: string;
                        statusCode: string | null;
                        statusReason: string | null;
                        tokenId: string;
                        totalQuantity: string;
                        updatedAt: string;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests for this key: wait the Retry-After header, then retry */
            429: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getAssetsBatchMintsById: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        agreementRef: string;
                        chunkCount: number;
                        chunks: {
                            custodyStatus: string | null;
                            custodyTxId: string | null;
                            externalTxId: string;
                            firstItem: number;
                            holders: number;
                            index: number;
                            lastItem: number;
                            operationId: string | null;
                            predictedGas: string;
                            quantity: string;
                            /** @description PLANNED, SUBMITTED, PENDING_AUTHORIZATION (a custody approver must approve), COMPLETED, FAILED, or NOT_SENT (the batch ended before it) */
                            status: string;
                            statusCode: string | null;
                            statusReason: string | null;
                            txHash: string | null;
                        }[];
                        completedAt: string | null;
                        createdAt: string;
                        createdBy: string;
                        gasModel: {
                            baseGas: string;
                            chunkGasBudget: string;
                            holdersPerChunk: number;
                            perHolderGas: string;
                            /** @description first-time (measured on holders new to the token) or existing (measured on existing holders, scaled up by 1.5) */
                            probe: string;
                            txGasCap: string;
                        };
                        id: string;
                        idempotencyKey: string;
                        itemCount: number;
                        items: {
                            chunkIndex: number;
                            index: number;
                            investorId: string;
                            quantity: string;
                            /** @description PENDING, MINTED, FAILED or NOT_SENT (its chunk’s outcome) */
                            status: string;
                            walletAddress: string;
                        }[];
                        /** @description PROCESSING, COMPLETED or FAILED */
                        status: string;
                        statusCode: string | null;
                        statusReason: string | null;
                        tokenId: string;
                        totalQuantity: string;
                        updatedAt: string;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests for this key: wait the Retry-After header, then retry */
            429: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getAssetsIssuancesById: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        agreementRef: string | null;
                        createdAt: string;
                        createdBy: string;
                        custodyStatus: string | null;
                        custodyTxId: string | null;
                        externalTxId: string;
                        id: string;
                        idempotencyKey: string | null;
                        investorId: string | null;
                        kind: string;
                        quantity: string | null;
                        /** @description SUBMITTED, PENDING_AUTHORIZATION (a custody approver must approve), COMPLETED, AWAITING_REINCLUSION (was COMPLETED; its transaction left the chain in a reorg and custody is sending the same signed transaction again) or FAILED */
                        status: string;
                        statusCode: string | null;
                        statusReason: string | null;
                        toAddress: string | null;
                        toInvestorId: string | null;
                        tokenId: string;
                        txHash: string | null;
                        updatedAt: string;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests for this key: wait the Retry-After header, then retry */
            429: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postAssetsMint: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    agreementRef: string;
                    idempotencyKey: string;
                    investorId: string;
                    /** @description locks what this mint issues for so many days from the mint’s block, as a lot of the token’s Custos lock-up module; or lockupUntil */
                    lockupDays?: number;
                    /**
                     * Format: date-time
                     * @description locks what this mint issues until this time (in the future; released at or after it, from the mint’s block); or lockupDays
                     */
                    lockupUntil?: string;
                    /**
                     * Format: uint256
                     * @description base units, decimal string
                     */
                    quantity: string;
                    tokenId: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        agreementRef: string | null;
                        createdAt: string;
                        createdBy: string;
                        custodyStatus: string | null;
                        custodyTxId: string | null;
                        externalTxId: string;
                        id: string;
                        idempotencyKey: string | null;
                        investorId: string | null;
                        kind: string;
                        quantity: string | null;
                        /** @description SUBMITTED, PENDING_AUTHORIZATION (a custody approver must approve), COMPLETED, AWAITING_REINCLUSION (was COMPLETED; its transaction left the chain in a reorg and custody is sending the same signed transaction again) or FAILED */
                        status: string;
                        statusCode: string | null;
                        statusReason: string | null;
                        toAddress: string | null;
                        toInvestorId: string | null;
                        tokenId: string;
                        txHash: string | null;
                        updatedAt: string;
                    };
                };
            };
            /** @description Default Response */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        agreementRef: string | null;
                        createdAt: string;
                        createdBy: string;
                        custodyStatus: string | null;
                        custodyTxId: string | null;
                        externalTxId: string;
                        id: string;
                        idempotencyKey: string | null;
                        investorId: string | null;
                        kind: string;
                        quantity: string | null;
                        /** @description SUBMITTED, PENDING_AUTHORIZATION (a custody approver must approve), COMPLETED, AWAITING_REINCLUSION (was COMPLETED; its transaction left the chain in a reorg and custody is sending the same signed transaction again) or FAILED */
                        status: string;
                        statusCode: string | null;
                        statusReason: string | null;
                        toAddress: string | null;
                        toInvestorId: string | null;
                        tokenId: string;
                        txHash: string | null;
                        updatedAt: string;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests for this key: wait the Retry-After header, then retry */
            429: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getAuditCheckpoints: {
        parameters: {
            query?: {
                cursor?: string;
                limit?: number;
                order?: "asc" | "desc";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            anchor: {
                                block: string | null;
                                status: string | null;
                                txHash: string | null;
                                txId: string | null;
                            };
                            /** @description the C2SP signed note, verbatim */
                            checkpoint: string;
                            createdAt: string;
                            /** @description SHA-256, 64 lowercase hex digits */
                            rootHash: string;
                            /** @description decimal integer */
                            treeSize: string;
                            /** @description C2SP verifier key of the signing key */
                            vkey: string;
                        }[];
                        nextCursor: string | null;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests for this key: wait the Retry-After header, then retry */
            429: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getAuditConsistencyProof: {
        parameters: {
            query: {
                /** @description decimal integer */
                from: string;
                /** @description decimal integer */
                to: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        fromCheckpoint: string | null;
                        /** @description SHA-256, 64 lowercase hex digits */
                        fromRoot: string;
                        /** @description decimal integer */
                        fromSize: string;
                        proof: string[];
                        toCheckpoint: string | null;
                        /** @description SHA-256, 64 lowercase hex digits */
                        toRoot: string;
                        /** @description decimal integer */
                        toSize: string;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests for this key: wait the Retry-After header, then retry */
            429: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getAuditEntries: {
        parameters: {
            query?: {
                action?: string;
                /** @description the exact actor text, e.g. `person:pr_…/apikey:ck_…` */
                actor?: string;
                correlationId?: string;
                cursor?: string;
                /** @description ISO-8601 time with zone */
                from?: string;
                limit?: number;
                order?: "asc" | "desc";
                /** @description entries of one principal through any of its keys, rotated keys and console sessions (`pr_…`, older `apikey:` entries of its keys included), or, realm-qualified (`platform:person:pr_…`), what a service did on its behalf */
                principal?: string;
                targetId?: string;
                targetType?: string;
                /** @description ISO-8601 time with zone */
                to?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            action: string;
                            actor: string;
                            after: unknown;
                            /** @description ISO-8601 UTC, milliseconds */
                            at: string;
                            before: unknown;
                            correlationId: string | null;
                            details: unknown;
                            /** @description SHA-256, 64 lowercase hex digits */
                            entryHash: string;
                            /** @description SHA-256, 64 lowercase hex digits */
                            leafHash: string;
                            /** @description SHA-256, 64 lowercase hex digits */
                            prevHash: string;
                            /** @description true when personal data in before/after/details was replaced by "sha256:<hex>"; the hashes cover the original entry */
                            redacted: boolean;
                            /** @description decimal integer */
                            seq: string;
                            targetId: string | null;
                            targetType: string | null;
                        }[];
                        nextCursor: string | null;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests for this key: wait the Retry-After header, then retry */
            429: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getAuditEntriesBySeq: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description decimal integer */
                seq: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        action: string;
                        actor: string;
                        after: unknown;
                        /** @description ISO-8601 UTC, milliseconds */
                        at: string;
                        before: unknown;
                        correlationId: string | null;
                        details: unknown;
                        /** @description SHA-256, 64 lowercase hex digits */
                        entryHash: string;
                        /** @description SHA-256, 64 lowercase hex digits */
                        leafHash: string;
                        /** @description SHA-256, 64 lowercase hex digits */
                        prevHash: string;
                        /** @description true when personal data in before/after/details was replaced by "sha256:<hex>"; the hashes cover the original entry */
                        redacted: boolean;
                        /** @description decimal integer */
                        seq: string;
                        targetId: string | null;
                        targetType: string | null;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests for this key: wait the Retry-After header, then retry */
            429: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getAuditEntriesBySeqInclusionProof: {
        parameters: {
            query?: {
                /** @description decimal integer */
                treeSize?: string;
            };
            header?: never;
            path: {
                /** @description decimal integer */
                seq: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description the signed checkpoint of this tree size, if one was taken */
                        checkpoint: string | null;
                        /** @description SHA-256, 64 lowercase hex digits */
                        leafHash: string;
                        /** @description decimal integer */
                        leafIndex: string;
                        /** @description RFC 6962 audit path, from the leaf’s sibling upward */
                        proof: string[];
                        /** @description SHA-256, 64 lowercase hex digits */
                        rootHash: string;
                        /** @description decimal integer */
                        treeSize: string;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests for this key: wait the Retry-After header, then retry */
            429: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getAuditExports: {
        parameters: {
            query?: {
                cursor?: string;
                limit?: number;
                status?: "PENDING_APPROVAL" | "AVAILABLE" | "REJECTED" | "EXPIRED";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            decidedAt: string | null;
                            decidedBy: string | null;
                            decisionComment: string | null;
                            expiresAt: string;
                            id: string;
                            includePersonalData: boolean;
                            reason: string;
                            requestedAt: string;
                            requestedBy: string;
                            status: "PENDING_APPROVAL" | "AVAILABLE" | "REJECTED" | "EXPIRED";
                            /** @description decimal integer */
                            treeSize: string;
                        }[];
                        nextCursor: string | null;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests for this key: wait the Retry-After header, then retry */
            429: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postAuditExports: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    includePersonalData: boolean;
                    reason: string;
                    segmentSize?: number;
                };
            };
        };
        responses: {
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        decidedAt: string | null;
                        decidedBy: string | null;
                        decisionComment: string | null;
                        expiresAt: string;
                        id: string;
                        includePersonalData: boolean;
                        reason: string;
                        requestedAt: string;
                        requestedBy: string;
                        status: "PENDING_APPROVAL" | "AVAILABLE" | "REJECTED" | "EXPIRED";
                        /** @description decimal integer */
                        treeSize: string;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests for this key: wait the Retry-After header, then retry */
            429: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getAuditExportsById: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        decidedAt: string | null;
                        decidedBy: string | null;
                        decisionComment: string | null;
                        expiresAt: string;
                        id: string;
                        includePersonalData: boolean;
                        reason: string;
                        requestedAt: string;
                        requestedBy: string;
                        status: "PENDING_APPROVAL" | "AVAILABLE" | "REJECTED" | "EXPIRED";
                        /** @description decimal integer */
                        treeSize: string;
                    } & {
                        /** @description manifest.json (src/audit/README.md §3.2), for the requester once available; segment i at /segments/i */
                        manifest: unknown | null;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests for this key: wait the Retry-After header, then retry */
            429: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postAuditExportsByIdApprove: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    comment?: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        decidedAt: string | null;
                        decidedBy: string | null;
                        decisionComment: string | null;
                        expiresAt: string;
                        id: string;
                        includePersonalData: boolean;
                        reason: string;
                        requestedAt: string;
                        requestedBy: string;
                        status: "PENDING_APPROVAL" | "AVAILABLE" | "REJECTED" | "EXPIRED";
                        /** @description decimal integer */
                        treeSize: string;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests for this key: wait the Retry-After header, then retry */
            429: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postAuditExportsByIdReject: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    comment?: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        decidedAt: string | null;
                        decidedBy: string | null;
                        decisionComment: string | null;
                        expiresAt: string;
                        id: string;
                        includePersonalData: boolean;
                        reason: string;
                        requestedAt: string;
                        requestedBy: string;
                        status: "PENDING_APPROVAL" | "AVAILABLE" | "REJECTED" | "EXPIRED";
                        /** @description decimal integer */
                        treeSize: string;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests for this key: wait the Retry-After header, then retry */
            429: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getAuditExportsByIdSegmentsByIndex: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                index: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests for this key: wait the Retry-After header, then retry */
            429: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getAuditLogKey: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        name: string;
                        /** @description the log id: first line of every checkpoint */
                        origin: string;
                        /** @description decimal integer */
                        treeSize: string;
                        /** @description C2SP verifier key; pin it out of band */
                        vkey: string;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests for this key: wait the Retry-After header, then retry */
            429: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postConsoleEnrol: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    challengeId: string;
                    credential: {
                        id?: string;
                        rawId: string;
                        response: {
                            attestationObject: string;
                            clientDataJSON: string;
                            transports?: string[];
                        };
                        /** @enum {string} */
                        type?: "public-key";
                    };
                    label?: string;
                    token: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        csrfToken: string | null;
                        principal: {
                            groups: string[];
                            id: string;
                            name: string;
                            role: string;
                            scopes: string[];
                        };
                        service: string;
                        session: {
                            createdAt: string;
                            expiresAt: string;
                            id: string;
                            idleMinutes: number;
                        } | null;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postConsoleEnrolOptions: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    token: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        challengeId: string;
                        principal?: {
                            [key: string]: unknown;
                        };
                        publicKey: {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postConsoleEnrolments: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    principalId: string;
                    ttlMinutes?: number;
                };
            };
        };
        responses: {
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        expiresAt: string;
                        id: string;
                        principalId: string;
                        url: string;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests for this key: wait the Retry-After header, then retry */
            429: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getConsolePasskeys: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        passkeys: {
                            alg: number;
                            createdAt: string;
                            credentialId: string;
                            label: string;
                            lastUsedAt: string | null;
                            principalId: string;
                            publicKey: string;
                            revokedAt: string | null;
                        }[];
                        sessions: {
                            [key: string]: unknown;
                        }[];
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests for this key: wait the Retry-After header, then retry */
            429: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postConsolePasskeysByCredentialIdRevoke: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                credentialId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        alg: number;
                        createdAt: string;
                        credentialId: string;
                        label: string;
                        lastUsedAt: string | null;
                        principalId: string;
                        publicKey: string;
                        revokedAt: string | null;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests for this key: wait the Retry-After header, then retry */
            429: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getConsoleSession: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        csrfToken: string | null;
                        principal: {
                            groups: string[];
                            id: string;
                            name: string;
                            role: string;
                            scopes: string[];
                        };
                        service: string;
                        session: {
                            createdAt: string;
                            expiresAt: string;
                            id: string;
                            idleMinutes: number;
                        } | null;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests for this key: wait the Retry-After header, then retry */
            429: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postConsoleSignIn: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    challengeId: string;
                    credential: {
                        id?: string;
                        rawId: string;
                        response: {
                            authenticatorData: string;
                            clientDataJSON: string;
                            signature: string;
                            userHandle?: string | null;
                        };
                        /** @enum {string} */
                        type?: "public-key";
                    };
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        csrfToken: string | null;
                        principal: {
                            groups: string[];
                            id: string;
                            name: string;
                            role: string;
                            scopes: string[];
                        };
                        service: string;
                        session: {
                            createdAt: string;
                            expiresAt: string;
                            id: string;
                            idleMinutes: number;
                        } | null;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postConsoleSignInOptions: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        challengeId: string;
                        principal?: {
                            [key: string]: unknown;
                        };
                        publicKey: {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
    };
    postConsoleSignOut: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        sessionsEnded: number;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests for this key: wait the Retry-After header, then retry */
            429: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postConsoleSignOutEverywhere: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        sessionsEnded: number;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests for this key: wait the Retry-After header, then retry */
            429: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getDistributionsById: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description the distribution */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests for this key: wait the Retry-After header, then retry */
            429: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postDistributionsByIdApprovals: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description the distribution */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests for this key: wait the Retry-After header, then retry */
            429: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getDistributionsByIdClaims: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description the claim round */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests for this key: wait the Retry-After header, then retry */
            429: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postDistributionsByIdClaims: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description the same key and body return the same claim; another investor under the key is 409 */
                    idempotencyKey: string;
                    /** @description the investor whose entitlement is claimed (from its custodial vault) */
                    investorId: string;
                };
            };
        };
        responses: {
            /** @description the claim */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description the claim */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests for this key: wait the Retry-After header, then retry */
            429: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getDistributionsByIdEntitlements: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description entitlements */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests for this key: wait the Retry-After header, then retry */
            429: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postInboundCustody: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        eventId: string;
                        status: "accepted" | "duplicate";
                    };
                };
            };
            /** @description Default Response */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        eventId: string;
                        status: "accepted" | "duplicate";
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postInboundFireblocks: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        eventId: string;
                        status: "accepted" | "duplicate" | "ignored";
                    };
                };
            };
            /** @description Default Response */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        eventId: string;
                        status: "accepted" | "duplicate" | "ignored";
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postInboundKycByProvider: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                provider: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        eventId: string;
                        status: "accepted" | "duplicate";
                    };
                };
            };
            /** @description Default Response */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        eventId: string;
                        status: "accepted" | "duplicate";
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getInvestors: {
        parameters: {
            query?: {
                country?: string;
                cursor?: string;
                externalRef?: string;
                limit?: number;
                status?: "PENDING_KYC" | "IN_REVIEW" | "APPROVED" | "ACTIVE" | "REJECTED" | "SUSPENDED" | "EXPIRED";
                type?: "individual" | "entity";
                walletAddress?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            accreditation: {
                                evidenceRef: string;
                                expiresAt: string;
                                method: string;
                            } | null;
                            accreditationExpiresAt: string | null;
                            country: string;
                            createdAt: string;
                            createdBy: string;
                            email: string;
                            externalRef: string | null;
                            id: string;
                            identityAddress: string | null;
                            kyc: {
                                approvedAt: string | null;
                                checkedAt: string;
                                decidedAt: string | null;
                                decidedBy: string | null;
                                decision: string | null;
                                decisionReason: string | null;
                                expiresAt: string | null;
                                lastScreenedAt: string | null;
                                outcome: string;
                                provider: string | null;
                                providerRef: string | null;
                                reasons: {
                                    code: string;
                                    message: string;
                                }[];
                                sanctionsMatches: ({
                                    address?: string;
                                    alias?: string;
                                    listEntryId: string;
                                    matchedOn: string;
                                    name: string;
                                    program?: string;
                                    score: number;
                                } & {
                                    [key: string]: unknown;
                                })[];
                            } | null;
                            kycExpiresAt: string | null;
                            name: string;
                            onboarding: {
                                kind: string;
                                lastError: string | null;
                                status: string;
                                step: string;
                                workflowId: string;
                            } | null;
                            status: "PENDING_KYC" | "IN_REVIEW" | "APPROVED" | "ACTIVE" | "REJECTED" | "SUSPENDED" | "EXPIRED";
                            statusCode: string | null;
                            statusReason: string | null;
                            type: string;
                            updatedAt: string;
                            vaultId: string | null;
                            walletAddress: string | null;
                            walletAddresses: string[];
                        }[];
                        nextCursor: string | null;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests for this key: wait the Retry-After header, then retry */
            429: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postInvestors: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    accreditation?: {
                        /** @description where the evidence is kept (never the document itself) */
                        evidenceRef: string;
                        /**
                         * Format: date-time
                         * @description when the evidence stops being valid (ISO 8601)
                         */
                        expiresAt: string;
                        /** @description e.g. income, net_worth, third_party_letter, professional */
                        method: string;
                    };
                    /** @description ISO 3166-1 alpha-2 (residence, or incorporation for an entity) */
                    country: string;
                    email: string;
                    /** @description your id for this investor; makes creation idempotent */
                    externalRef?: string;
                    name: string;
                    type: "individual" | "entity";
                    /** @description addresses the investor pays from or receives to, screened against the sanctions list */
                    walletAddresses?: string[];
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        accreditation: {
                            evidenceRef: string;
                            expiresAt: string;
                            method: string;
                        } | null;
                        accreditationExpiresAt: string | null;
                        country: string;
                        createdAt: string;
                        createdBy: string;
                        email: string;
                        externalRef: string | null;
                        id: string;
                        identityAddress: string | null;
                        kyc: {
                            approvedAt: string | null;
                            checkedAt: string;
                            decidedAt: string | null;
                            decidedBy: string | null;
                            decision: string | null;
                            decisionReason: string | null;
                            expiresAt: string | null;
                            lastScreenedAt: string | null;
                            outcome: string;
                            provider: string | null;
                            providerRef: string | null;
                            reasons: {
                                code: string;
                                message: string;
                            }[];
                            sanctionsMatches: ({
                                address?: string;
                                alias?: string;
                                listEntryId: string;
                                matchedOn: string;
                                name: string;
                                program?: string;
                                score: number;
                            } & {
                                [key: string]: unknown;
                            })[];
                        } | null;
                        kycExpiresAt: string | null;
                        name: string;
                        onboarding: {
                            kind: string;
                            lastError: string | null;
                            status: string;
                            step: string;
                            workflowId: string;
                        } | null;
                        status: "PENDING_KYC" | "IN_REVIEW" | "APPROVED" | "ACTIVE" | "REJECTED" | "SUSPENDED" | "EXPIRED";
                        statusCode: string | null;
                        statusReason: string | null;
                        type: string;
                        updatedAt: string;
                        vaultId: string | null;
                        walletAddress: string | null;
                        walletAddresses: string[];
                    };
                };
            };
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        accreditation: {
                            evidenceRef: string;
                            expiresAt: string;
                            method: string;
                        } | null;
                        accreditationExpiresAt: string | null;
                        country: string;
                        createdAt: string;
                        createdBy: string;
                        email: string;
                        externalRef: string | null;
                        id: string;
                        identityAddress: string | null;
                        kyc: {
                            approvedAt: string | null;
                            checkedAt: string;
                            decidedAt: string | null;
                            decidedBy: string | null;
                            decision: string | null;
                            decisionReason: string | null;
                            expiresAt: string | null;
                            lastScreenedAt: string | null;
                            outcome: string;
                            provider: string | null;
                            providerRef: string | null;
                            reasons: {
                                code: string;
                                message: string;
                            }[];
                            sanctionsMatches: ({
                                address?: string;
                                alias?: string;
                                listEntryId: string;
                                matchedOn: string;
                                name: string;
                                program?: string;
                                score: number;
                            } & {
                                [key: string]: unknown;
                            })[];
                        } | null;
                        kycExpiresAt: string | null;
                        name: string;
                        onboarding: {
                            kind: string;
                            lastError: string | null;
                            status: string;
                            step: string;
                            workflowId: string;
                        } | null;
                        status: "PENDING_KYC" | "IN_REVIEW" | "APPROVED" | "ACTIVE" | "REJECTED" | "SUSPENDED" | "EXPIRED";
                        statusCode: string | null;
                        statusReason: string | null;
                        type: string;
                        updatedAt: string;
                        vaultId: string | null;
                        walletAddress: string | null;
                        walletAddresses: string[];
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests for this key: wait the Retry-After header, then retry */
            429: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getInvestorsById: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        accreditation: {
                            evidenceRef: string;
                            expiresAt: string;
                            method: string;
                        } | null;
                        accreditationExpiresAt: string | null;
                        country: string;
                        createdAt: string;
                        createdBy: string;
                        email: string;
                        externalRef: string | null;
                        id: string;
                        identityAddress: string | null;
                        kyc: {
                            approvedAt: string | null;
                            checkedAt: string;
                            decidedAt: string | null;
                            decidedBy: string | null;
                            decision: string | null;
                            decisionReason: string | null;
                            expiresAt: string | null;
                            lastScreenedAt: string | null;
                            outcome: string;
                            provider: string | null;
                            providerRef: string | null;
                            reasons: {
                                code: string;
                                message: string;
                            }[];
                            sanctionsMatches: ({
                                address?: string;
                                alias?: string;
                                listEntryId: string;
                                matchedOn: string;
                                name: string;
                                program?: string;
                                score: number;
                            } & {
                                [key: string]: unknown;
                            })[];
                        } | null;
                        kycExpiresAt: string | null;
                        name: string;
                        onboarding: {
                            kind: string;
                            lastError: string | null;
                            status: string;
                            step: string;
                            workflowId: string;
                        } | null;
                        status: "PENDING_KYC" | "IN_REVIEW" | "APPROVED" | "ACTIVE" | "REJECTED" | "SUSPENDED" | "EXPIRED";
                        statusCode: string | null;
                        statusReason: string | null;
                        type: string;
                        updatedAt: string;
                        vaultId: string | null;
                        walletAddress: string | null;
                        walletAddresses: string[];
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests for this key: wait the Retry-After header, then retry */
            429: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getInvestorsByIdCash: {
        parameters: {
            query?: {
                cursor?: string;
                limit?: number;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Cash"];
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests for this key: wait the Retry-After header, then retry */
            429: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getInvestorsByIdDepositAddress: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DepositAddress"];
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests for this key: wait the Retry-After header, then retry */
            429: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getInvestorsByIdHoldings: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        investorId: string;
                        items: {
                            balance: string;
                            block: {
                                hash: string | null;
                                number: string;
                                timestamp: string | null;
                            };
                            /** @description the token’s decimals: balance / 10^decimals is the amount in units */
                            decimals: number | null;
                            frozen: boolean;
                            frozenTokens: string;
                            symbol: string | null;
                            tokenAddress: string | null;
                            tokenId: string;
                        }[];
                        walletAddress: string | null;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests for this key: wait the Retry-After header, then retry */
            429: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postInvestorsByIdKycDecision: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    decision: "APPROVE" | "REJECT";
                    reason: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        accreditation: {
                            evidenceRef: string;
                            expiresAt: string;
                            method: string;
                        } | null;
                        accreditationExpiresAt: string | null;
                        country: string;
                        createdAt: string;
                        createdBy: string;
                        email: string;
                        externalRef: string | null;
                        id: string;
                        identityAddress: string | null;
                        kyc: {
                            approvedAt: string | null;
                            checkedAt: string;
                            decidedAt: string | null;
                            decidedBy: string | null;
                            decision: string | null;
                            decisionReason: string | null;
                            expiresAt: string | null;
                            lastScreenedAt: string | null;
                            outcome: string;
                            provider: string | null;
                            providerRef: string | null;
                            reasons: {
                                code: string;
                                message: string;
                            }[];
                            sanctionsMatches: ({
                                address?: string;
                                alias?: string;
                                listEntryId: string;
                                matchedOn: string;
                                name: string;
                                program?: string;
                                score: number;
                            } & {
                                [key: string]: unknown;
                            })[];
                        } | null;
                        kycExpiresAt: string | null;
                        name: string;
                        onboarding: {
                            kind: string;
                            lastError: string | null;
                            status: string;
                            step: string;
                            workflowId: string;
                        } | null;
                        status: "PENDING_KYC" | "IN_REVIEW" | "APPROVED" | "ACTIVE" | "REJECTED" | "SUSPENDED" | "EXPIRED";
                        statusCode: string | null;
                        statusReason: string | null;
                        type: string;
                        updatedAt: string;
                        vaultId: string | null;
                        walletAddress: string | null;
                        walletAddresses: string[];
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests for this key: wait the Retry-After header, then retry */
            429: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postInvestorsByIdOnboardingRetry: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        accreditation: {
                            evidenceRef: string;
                            expiresAt: string;
                            method: string;
                        } | null;
                        accreditationExpiresAt: string | null;
                        country: string;
                        createdAt: string;
                        createdBy: string;
                        email: string;
                        externalRef: string | null;
                        id: string;
                        identityAddress: string | null;
                        kyc: {
                            approvedAt: string | null;
                            checkedAt: string;
                            decidedAt: string | null;
                            decidedBy: string | null;
                            decision: string | null;
                            decisionReason: string | null;
                            expiresAt: string | null;
                            lastScreenedAt: string | null;
                            outcome: string;
                            provider: string | null;
                            providerRef: string | null;
                            reasons: {
                                code: string;
                                message: string;
                            }[];
                            sanctionsMatches: ({
                                address?: string;
                                alias?: string;
                                listEntryId: string;
                                matchedOn: string;
                                name: string;
                                program?: string;
                                score: number;
                            } & {
                                [key: string]: unknown;
                            })[];
                        } | null;
                        kycExpiresAt: string | null;
                        name: string;
                        onboarding: {
                            kind: string;
                            lastError: string | null;
                            status: string;
                            step: string;
                            workflowId: string;
                        } | null;
                        status: "PENDING_KYC" | "IN_REVIEW" | "APPROVED" | "ACTIVE" | "REJECTED" | "SUSPENDED" | "EXPIRED";
                        statusCode: string | null;
                        statusReason: string | null;
                        type: string;
                        updatedAt: string;
                        vaultId: string | null;
                        walletAddress: string | null;
                        walletAddresses: string[];
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests for this key: wait the Retry-After header, then retry */
            429: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postInvestorsByIdReverify: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    accreditation?: {
                        /** @description where the evidence is kept (never the document itself) */
                        evidenceRef: string;
                        /**
                         * Format: date-time
                         * @description when the evidence stops being valid (ISO 8601)
                         */
                        expiresAt: string;
                        /** @description e.g. income, net_worth, third_party_letter, professional */
                        method: string;
                    };
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        accreditation: {
                            evidenceRef: string;
                            expiresAt: string;
                            method: string;
                        } | null;
                        accreditationExpiresAt: string | null;
                        country: string;
                        createdAt: string;
                        createdBy: string;
                        email: string;
                        externalRef: string | null;
                        id: string;
                        identityAddress: string | null;
                        kyc: {
                            approvedAt: string | null;
                            checkedAt: string;
                            decidedAt: string | null;
                            decidedBy: string | null;
                            decision: string | null;
                            decisionReason: string | null;
                            expiresAt: string | null;
                            lastScreenedAt: string | null;
                            outcome: string;
                            provider: string | null;
                            providerRef: string | null;
                            reasons: {
                                code: string;
                                message: string;
                            }[];
                            sanctionsMatches: ({
                                address?: string;
                                alias?: string;
                                listEntryId: string;
                                matchedOn: string;
                                name: string;
                                program?: string;
                                score: number;
                            } & {
                                [key: string]: unknown;
                            })[];
                        } | null;
                        kycExpiresAt: string | null;
                        name: string;
                        onboarding: {
                            kind: string;
                            lastError: string | null;
                            status: string;
                            step: string;
                            workflowId: string;
                        } | null;
                        status: "PENDING_KYC" | "IN_REVIEW" | "APPROVED" | "ACTIVE" | "REJECTED" | "SUSPENDED" | "EXPIRED";
                        statusCode: string | null;
                        statusReason: string | null;
                        type: string;
                        updatedAt: string;
                        vaultId: string | null;
                        walletAddress: string | null;
                        walletAddresses: string[];
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests for this key: wait the Retry-After header, then retry */
            429: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getInvestorsByIdStatements: {
        parameters: {
            query: {
                format?: "json" | "csv";
                year: number;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests for this key: wait the Retry-After header, then retry */
            429: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getInvestorsByIdWalletRecoveries: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["WalletRecovery"][];
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests for this key: wait the Retry-After header, then retry */
            429: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postInvestorsByIdWalletRecoveries: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description the same key and body return the same action (200); another body is 409 IDEMPOTENCY_KEY_REUSED */
                    idempotencyKey: string;
                    /** @description why (e.g. a court order’s reference); kept in the audit log */
                    reason: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WalletRecovery"];
                };
            };
            /** @description Default Response */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WalletRecovery"];
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests for this key: wait the Retry-After header, then retry */
            429: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getInvestorsByIdWithdrawalAddresses: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["WithdrawalAddress"][];
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests for this key: wait the Retry-After header, then retry */
            429: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postInvestorsByIdWithdrawalAddresses: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description an EVM address */
                    address: string;
                    /** @description the account holder at the destination (travel rule) */
                    beneficiaryName: string;
                    /** @description ISO 3166-1 alpha-2 */
                    institutionCountry?: string;
                    /** @description the institution holding the address (travel rule); none for a self-hosted wallet */
                    institutionName?: string;
                    label: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WithdrawalAddress"];
                };
            };
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WithdrawalAddress"];
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests for this key: wait the Retry-After header, then retry */
            429: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            501: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getInvestorsByIdWithdrawals: {
        parameters: {
            query?: {
                cursor?: string;
                limit?: number;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["Withdrawal"][];
                        nextCursor: string | null;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests for this key: wait the Retry-After header, then retry */
            429: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postInvestorsByIdWithdrawals: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * Format: uint256
                     * @description stablecoin base units, a decimal string above 0 (cUSD has 6 decimals)
                     */
                    amount: string;
                    /** @description an EVM address */
                    asset?: string;
                    /** @description the same key and body return the first withdrawal (200); another body 409 */
                    idempotencyKey: string;
                    withdrawalAddressId: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Withdrawal"];
                };
            };
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Withdrawal"];
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests for this key: wait the Retry-After header, then retry */
            429: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            501: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    putInvestorsByIdWithholding: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** Format: date-time */
                    expiresAt?: string;
                    /** @description basis points withheld from gross (1500 = 15 %) */
                    rateBps: number;
                    reason: string;
                };
            };
        };
        responses: {
            /** @description the rate */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests for this key: wait the Retry-After header, then retry */
            429: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getInvestorsByIdWorkflows: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["Workflow"][];
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests for this key: wait the Retry-After header, then retry */
            429: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postJobsKycExpiryRun: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        expired: string[];
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests for this key: wait the Retry-After header, then retry */
            429: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postJobsRescreenRun: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    all?: boolean;
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        screened: number;
                        suspended: string[];
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests for this key: wait the Retry-After header, then retry */
            429: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postKycSanctionsListReload: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        changed: boolean;
                        entries: number;
                        rescreened: number;
                        suspended: string[];
                        version: string;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests for this key: wait the Retry-After header, then retry */
            429: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getOfferings: {
        parameters: {
            query?: {
                cursor?: string;
                limit?: number;
                status?: "OPEN" | "CLOSING" | "CLOSED" | "REFUNDING" | "REFUNDED" | "CANCELLED";
                tokenId?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            /** @description OPEN and within [opensAt, closesAt) by the platform’s business clock */
                            acceptingSubscriptions: boolean;
                            accreditationRequired: boolean;
                            close: {
                                allocatedAt: string | null;
                                kind: string;
                                requestedAt: string | null;
                                requestedBy: string | null;
                                workflow: {
                                    lastError: string | null;
                                    lastErrorCode: string | null;
                                    status: string;
                                    step: string;
                                } | null;
                            } | null;
                            closedAt: string | null;
                            closesAt: string;
                            createdAt: string;
                            createdBy: string;
                            eligibleCountries: string[];
                            hardCap: string;
                            id: string;
                            lockupDays: number | null;
                            lockupEndsAt: string | null;
                            maxInvestment: string;
                            minInvestment: string;
                            opensAt: string;
                            paymentMethods: string[];
                            pricePerToken: string;
                            /** @description the stablecoin payments settle in */
                            settlementAsset: string;
                            softCap: string | null;
                            /** @description OPEN, CLOSING, CLOSED (allocations minted), REFUNDING, REFUNDED (soft cap missed) or CANCELLED */
                            status: string;
                            statusReason: string | null;
                            tokenDecimals: number;
                            tokenId: string;
                            totals: {
                                allocated: string;
                                issued: string;
                                paid: string;
                                refunded: string;
                                subscribed: string;
                                subscriptions: number;
                            };
                            /** @description custody vault receiving stablecoin payments and paying refunds */
                            treasury: {
                                address: string;
                                vaultId: string;
                            };
                            updatedAt: string;
                        }[];
                        nextCursor: string | null;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests for this key: wait the Retry-After header, then retry */
            429: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postOfferings: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    accreditationRequired: boolean;
                    /** Format: date-time */
                    closesAt: string;
                    /** @description ISO 3166-1 alpha-2 countries of investors who may subscribe */
                    eligibleCountries: string[];
                    /**
                     * Format: uint256
                     * @description stablecoin base units, decimal string (cUSD has 6 decimals)
                     */
                    hardCap: string;
                    /** @description makes creation safe to repeat: the same key and terms return the first offering (200), other terms 409 */
                    idempotencyKey?: string;
                    /** @description allocations may not be transferred until closedAt + lockupDays */
                    lockupDays?: number;
                    /**
                     * Format: uint256
                     * @description per investor, over all its live subscriptions to the offering
                     */
                    maxInvestment: string;
                    /**
                     * Format: uint256
                     * @description stablecoin base units, decimal string (cUSD has 6 decimals)
                     */
                    minInvestment: string;
                    /** Format: date-time */
                    opensAt: string;
                    /** @description default both */
                    paymentMethods?: ("stablecoin" | "fiat")[];
                    /**
                     * Format: uint256
                     * @description price of one whole token (10^decimals base units), in stablecoin base units
                     */
                    pricePerToken: string;
                    /**
                     * Format: uint256
                     * @description below it at close, every payment is refunded and nothing is minted
                     */
                    softCap?: string;
                    tokenId: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description OPEN and within [opensAt, closesAt) by the platform’s business clock */
                        acceptingSubscriptions: boolean;
                        accreditationRequired: boolean;
                        close: {
                            allocatedAt: string | null;
                            kind: string;
                            requestedAt: string | null;
                            requestedBy: string | null;
                            workflow: {
                                lastError: string | null;
                                lastErrorCode: string | null;
                                status: string;
                                step: string;
                            } | null;
                        } | null;
                        closedAt: string | null;
                        closesAt: string;
                        createdAt: string;
                        createdBy: string;
                        eligibleCountries: string[];
                        hardCap: string;
                        id: string;
                        lockupDays: number | null;
                        lockupEndsAt: string | null;
                        maxInvestment: string;
                        minInvestment: string;
                        opensAt: string;
                        paymentMethods: string[];
                        pricePerToken: string;
                        /** @description the stablecoin payments settle in */
                        settlementAsset: string;
                        softCap: string | null;
                        /** @description OPEN, CLOSING, CLOSED (allocations minted), REFUNDING, REFUNDED (soft cap missed) or CANCELLED */
                        status: string;
                        statusReason: string | null;
                        tokenDecimals: number;
                        tokenId: string;
                        totals: {
                            allocated: string;
                            issued: string;
                            paid: string;
                            refunded: string;
                            subscribed: string;
                            subscriptions: number;
                        };
                        /** @description custody vault receiving stablecoin payments and paying refunds */
                        treasury: {
                            address: string;
                            vaultId: string;
                        };
                        updatedAt: string;
                    };
                };
            };
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description OPEN and within [opensAt, closesAt) by the platform’s business clock */
                        acceptingSubscriptions: boolean;
                        accreditationRequired: boolean;
                        close: {
                            allocatedAt: string | null;
                            kind: string;
                            requestedAt: string | null;
                            requestedBy: string | null;
                            workflow: {
                                lastError: string | null;
                                lastErrorCode: string | null;
                                status: string;
                                step: string;
                            } | null;
                        } | null;
                        closedAt: string | null;
                        closesAt: string;
                        createdAt: string;
                        createdBy: string;
                        eligibleCountries: string[];
                        hardCap: string;
                        id: string;
                        lockupDays: number | null;
                        lockupEndsAt: string | null;
                        maxInvestment: string;
                        minInvestment: string;
                        opensAt: string;
                        paymentMethods: string[];
                        pricePerToken: string;
                        /** @description the stablecoin payments settle in */
                        settlementAsset: string;
                        softCap: string | null;
                        /** @description OPEN, CLOSING, CLOSED (allocations minted), REFUNDING, REFUNDED (soft cap missed) or CANCELLED */
                        status: string;
                        statusReason: string | null;
                        tokenDecimals: number;
                        tokenId: string;
                        totals: {
                            allocated: string;
                            issued: string;
                            paid: string;
                            refunded: string;
                            subscribed: string;
                            subscriptions: number;
                        };
                        /** @description custody vault receiving stablecoin payments and paying refunds */
                        treasury: {
                            address: string;
                            vaultId: string;
                        };
                        updatedAt: string;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests for this key: wait the Retry-After header, then retry */
            429: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getOfferingsById: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description OPEN and within [opensAt, closesAt) by the platform’s business clock */
                        acceptingSubscriptions: boolean;
                        accreditationRequired: boolean;
                        close: {
                            allocatedAt: string | null;
                            kind: string;
                            requestedAt: string | null;
                            requestedBy: string | null;
                            workflow: {
                                lastError: string | null;
                                lastErrorCode: string | null;
                                status: string;
                                step: string;
                            } | null;
                        } | null;
                        closedAt: string | null;
                        closesAt: string;
                        createdAt: string;
                        createdBy: string;
                        eligibleCountries: string[];
                        hardCap: string;
                        id: string;
                        lockupDays: number | null;
                        lockupEndsAt: string | null;
                        maxInvestment: string;
                        minInvestment: string;
                        opensAt: string;
                        paymentMethods: string[];
                        pricePerToken: string;
                        /** @description the stablecoin payments settle in */
                        settlementAsset: string;
                        softCap: string | null;
                        /** @description OPEN, CLOSING, CLOSED (allocations minted), REFUNDING, REFUNDED (soft cap missed) or CANCELLED */
                        status: string;
                        statusReason: string | null;
                        tokenDecimals: number;
                        tokenId: string;
                        totals: {
                            allocated: string;
                            issued: string;
                            paid: string;
                            refunded: string;
                            subscribed: string;
                            subscriptions: number;
                        };
                        /** @description custody vault receiving stablecoin payments and paying refunds */
                        treasury: {
                            address: string;
                            vaultId: string;
                        };
                        updatedAt: string;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests for this key: wait the Retry-After header, then retry */
            429: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postOfferingsByIdCancel: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    reason: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description OPEN and within [opensAt, closesAt) by the platform’s business clock */
                        acceptingSubscriptions: boolean;
                        accreditationRequired: boolean;
                        close: {
                            allocatedAt: string | null;
                            kind: string;
                            requestedAt: string | null;
                            requestedBy: string | null;
                            workflow: {
                                lastError: string | null;
                                lastErrorCode: string | null;
                                status: string;
                                step: string;
                            } | null;
                        } | null;
                        closedAt: string | null;
                        closesAt: string;
                        createdAt: string;
                        createdBy: string;
                        eligibleCountries: string[];
                        hardCap: string;
                        id: string;
                        lockupDays: number | null;
                        lockupEndsAt: string | null;
                        maxInvestment: string;
                        minInvestment: string;
                        opensAt: string;
                        paymentMethods: string[];
                        pricePerToken: string;
                        /** @description the stablecoin payments settle in */
                        settlementAsset: string;
                        softCap: string | null;
                        /** @description OPEN, CLOSING, CLOSED (allocations minted), REFUNDING, REFUNDED (soft cap missed) or CANCELLED */
                        status: string;
                        statusReason: string | null;
                        tokenDecimals: number;
                        tokenId: string;
                        totals: {
                            allocated: string;
                            issued: string;
                            paid: string;
                            refunded: string;
                            subscribed: string;
                            subscriptions: number;
                        };
                        /** @description custody vault receiving stablecoin payments and paying refunds */
                        treasury: {
                            address: string;
                            vaultId: string;
                        };
                        updatedAt: string;
                    };
                };
            };
            /** @description Default Response */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description OPEN and within [opensAt, closesAt) by the platform’s business clock */
                        acceptingSubscriptions: boolean;
                        accreditationRequired: boolean;
                        close: {
                            allocatedAt: string | null;
                            kind: string;
                            requestedAt: string | null;
                            requestedBy: string | null;
                            workflow: {
                                lastError: string | null;
                                lastErrorCode: string | null;
                                status: string;
                                step: string;
                            } | null;
                        } | null;
                        closedAt: string | null;
                        closesAt: string;
                        createdAt: string;
                        createdBy: string;
                        eligibleCountries: string[];
                        hardCap: string;
                        id: string;
                        lockupDays: number | null;
                        lockupEndsAt: string | null;
                        maxInvestment: string;
                        minInvestment: string;
                        opensAt: string;
                        paymentMethods: string[];
                        pricePerToken: string;
                        /** @description the stablecoin payments settle in */
                        settlementAsset: string;
                        softCap: string | null;
                        /** @description OPEN, CLOSING, CLOSED (allocations minted), REFUNDING, REFUNDED (soft cap missed) or CANCELLED */
                        status: string;
                        statusReason: string | null;
                        tokenDecimals: number;
                        tokenId: string;
                        totals: {
                            allocated: string;
                            issued: string;
                            paid: string;
                            refunded: string;
                            subscribed: string;
                            subscriptions: number;
                        };
                        /** @description custody vault receiving stablecoin payments and paying refunds */
                        treasury: {
                            address: string;
                            vaultId: string;
                        };
                        updatedAt: string;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests for this key: wait the Retry-After header, then retry */
            429: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postOfferingsByIdClose: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description OPEN and within [opensAt, closesAt) by the platform’s business clock */
                        acceptingSubscriptions: boolean;
                        accreditationRequired: boolean;
                        close: {
                            allocatedAt: string | null;
                            kind: string;
                            requestedAt: string | null;
                            requestedBy: string | null;
                            workflow: {
                                lastError: string | null;
                                lastErrorCode: string | null;
                                status: string;
                                step: string;
                            } | null;
                        } | null;
                        closedAt: string | null;
                        closesAt: string;
                        createdAt: string;
                        createdBy: string;
                        eligibleCountries: string[];
                        hardCap: string;
                        id: string;
                        lockupDays: number | null;
                        lockupEndsAt: string | null;
                        maxInvestment: string;
                        minInvestment: string;
                        opensAt: string;
                        paymentMethods: string[];
                        pricePerToken: string;
                        /** @description the stablecoin payments settle in */
                        settlementAsset: string;
                        softCap: string | null;
                        /** @description OPEN, CLOSING, CLOSED (allocations minted), REFUNDING, REFUNDED (soft cap missed) or CANCELLED */
                        status: string;
                        statusReason: string | null;
                        tokenDecimals: number;
                        tokenId: string;
                        totals: {
                            allocated: string;
                            issued: string;
                            paid: string;
                            refunded: string;
                            subscribed: string;
                            subscriptions: number;
                        };
                        /** @description custody vault receiving stablecoin payments and paying refunds */
                        treasury: {
                            address: string;
                            vaultId: string;
                        };
                        updatedAt: string;
                    };
                };
            };
            /** @description Default Response */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description OPEN and within [opensAt, closesAt) by the platform’s business clock */
                        acceptingSubscriptions: boolean;
                        accreditationRequired: boolean;
                        close: {
                            allocatedAt: string | null;
                            kind: string;
                            requestedAt: string | null;
                            requestedBy: string | null;
                            workflow: {
                                lastError: string | null;
                                lastErrorCode: string | null;
                                status: string;
                                step: string;
                            } | null;
                        } | null;
                        closedAt: string | null;
                        closesAt: string;
                        createdAt: string;
                        createdBy: string;
                        eligibleCountries: string[];
                        hardCap: string;
                        id: string;
                        lockupDays: number | null;
                        lockupEndsAt: string | null;
                        maxInvestment: string;
                        minInvestment: string;
                        opensAt: string;
                        paymentMethods: string[];
                        pricePerToken: string;
                        /** @description the stablecoin payments settle in */
                        settlementAsset: string;
                        softCap: string | null;
                        /** @description OPEN, CLOSING, CLOSED (allocations minted), REFUNDING, REFUNDED (soft cap missed) or CANCELLED */
                        status: string;
                        statusReason: string | null;
                        tokenDecimals: number;
                        tokenId: string;
                        totals: {
                            allocated: string;
                            issued: string;
                            paid: string;
                            refunded: string;
                            subscribed: string;
                            subscriptions: number;
                        };
                        /** @description custody vault receiving stablecoin payments and paying refunds */
                        treasury: {
                            address: string;
                            vaultId: string;
                        };
                        updatedAt: string;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests for this key: wait the Retry-After header, then retry */
            429: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getOfferingsByIdSubscriptions: {
        parameters: {
            query?: {
                cursor?: string;
                investorId?: string;
                limit?: number;
                status?: "PENDING_PAYMENT" | "PAYMENT_PROCESSING" | "PAID" | "ALLOCATED" | "ISSUED" | "CANCELLED" | "REFUNDING" | "REFUNDED" | "REFUND_DUE";
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            /** @description token base units the amount buys */
                            allocation: string;
                            amount: string;
                            createdAt: string;
                            createdBy: string;
                            id: string;
                            idempotencyKey: string;
                            investorId: string;
                            lockup: {
                                custodyTxId: string | null;
                                operationId: string;
                                seconds: string | null;
                                status: string;
                                txHash: string | null;
                            } | null;
                            mint: {
                                attempt: number;
                                custodyTxId: string | null;
                                issuedAt: string | null;
                                operationId: string;
                                status: string | null;
                                txHash: string | null;
                            } | null;
                            offeringId: string;
                            payment: {
                                attempt: number;
                                custodyTxId: string | null;
                                externalTxId: string | null;
                                fiatReference: string | null;
                                method: string | null;
                                paidAt: string | null;
                                payerAddress: string | null;
                                txHash: string | null;
                            };
                            refund: {
                                attempt: number;
                                custodyTxId: string | null;
                                externalTxId: string | null;
                                reference: string | null;
                                refundedAt: string | null;
                                txHash: string | null;
                            };
                            /** @description PENDING_PAYMENT, PAYMENT_PROCESSING, PAID, ALLOCATED, ISSUED, CANCELLED, REFUNDING, REFUNDED or REFUND_DUE */
                            status: string;
                            statusCode: string | null;
                            statusReason: string | null;
                            updatedAt: string;
                        }[];
                        nextCursor: string | null;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests for this key: wait the Retry-After header, then retry */
            429: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postOfferingsByIdSubscriptions: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * Format: uint256
                     * @description stablecoin base units, decimal string (cUSD has 6 decimals)
                     */
                    amount: string;
                    idempotencyKey: string;
                    investorId: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description token base units the amount buys */
                        allocation: string;
                        amount: string;
                        createdAt: string;
                        createdBy: string;
                        id: string;
                        idempotencyKey: string;
                        investorId: string;
                        lockup: {
                            custodyTxId: string | null;
                            operationId: string;
                            seconds: string | null;
                            status: string;
                            txHash: string | null;
                        } | null;
                        mint: {
                            attempt: number;
                            custodyTxId: string | null;
                            issuedAt: string | null;
                            operationId: string;
                            status: string | null;
                            txHash: string | null;
                        } | null;
                        offeringId: string;
                        payment: {
                            attempt: number;
                            custodyTxId: string | null;
                            externalTxId: string | null;
                            fiatReference: string | null;
                            method: string | null;
                            paidAt: string | null;
                            payerAddress: string | null;
                            txHash: string | null;
                        };
                        refund: {
                            attempt: number;
                            custodyTxId: string | null;
                            externalTxId: string | null;
                            reference: string | null;
                            refundedAt: string | null;
                            txHash: string | null;
                        };
                        /** @description PENDING_PAYMENT, PAYMENT_PROCESSING, PAID, ALLOCATED, ISSUED, CANCELLED, REFUNDING, REFUNDED or REFUND_DUE */
                        status: string;
                        statusCode: string | null;
                        statusReason: string | null;
                        updatedAt: string;
                    };
                };
            };
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description token base units the amount buys */
                        allocation: string;
                        amount: string;
                        createdAt: string;
                        createdBy: string;
                        id: string;
                        idempotencyKey: string;
                        investorId: string;
                        lockup: {
                            custodyTxId: string | null;
                            operationId: string;
                            seconds: string | null;
                            status: string;
                            txHash: string | null;
                        } | null;
                        mint: {
                            attempt: number;
                            custodyTxId: string | null;
                            issuedAt: string | null;
                            operationId: string;
                            status: string | null;
                            txHash: string | null;
                        } | null;
                        offeringId: string;
                        payment: {
                            attempt: number;
                            custodyTxId: string | null;
                            externalTxId: string | null;
                            fiatReference: string | null;
                            method: string | null;
                            paidAt: string | null;
                            payerAddress: string | null;
                            txHash: string | null;
                        };
                        refund: {
                            attempt: number;
                            custodyTxId: string | null;
                            externalTxId: string | null;
                            reference: string | null;
                            refundedAt: string | null;
                            txHash: string | null;
                        };
                        /** @description PENDING_PAYMENT, PAYMENT_PROCESSING, PAID, ALLOCATED, ISSUED, CANCELLED, REFUNDING, REFUNDED or REFUND_DUE */
                        status: string;
                        statusCode: string | null;
                        statusReason: string | null;
                        updatedAt: string;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests for this key: wait the Retry-After header, then retry */
            429: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getPrincipals: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            createdAt: string;
                            createdBy: string;
                            groups: string[];
                            id: string;
                            kind: string;
                            name: string;
                            roles: string[];
                            scopes: string[];
                            status: string;
                        }[];
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests for this key: wait the Retry-After header, then retry */
            429: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postPrincipals: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    groups?: string[];
                    kind: "person" | "service";
                    name: string;
                    roles: string[];
                    scopes: ("read" | "issuer" | "admin" | "compliance" | "audit" | "operate")[];
                };
            };
        };
        responses: {
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests for this key: wait the Retry-After header, then retry */
            429: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postPrincipalsByPrincipalIdGrants: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                principalId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    groups?: string[];
                    roles?: string[];
                    scopes?: ("read" | "issuer" | "admin" | "compliance" | "audit" | "operate")[];
                };
            };
        };
        responses: {
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests for this key: wait the Retry-After header, then retry */
            429: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getPrincipalsMe: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        createdAt: string;
                        createdBy: string;
                        groups: string[];
                        id: string;
                        kind: string;
                        name: string;
                        roles: string[];
                        scopes: string[];
                        status: string;
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests for this key: wait the Retry-After header, then retry */
            429: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getReconciliationAlerts: {
        parameters: {
            query?: {
                cursor?: string;
                kind?: "UNEXPLAINED_TRANSFER" | "OPERATION_MISMATCH" | "OPERATION_TX_MISSING" | "SUPPLY_MISMATCH" | "CUSTODY_TRANSACTION_REORGED";
                limit?: number;
                status?: "OPEN" | "RESOLVED";
                tokenId?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            blockNumber: string | null;
                            details: unknown;
                            firstSeenAt: string;
                            id: string;
                            /** @description UNEXPLAINED_TRANSFER, OPERATION_MISMATCH, OPERATION_TX_MISSING, SUPPLY_MISMATCH or CUSTODY_TRANSACTION_REORGED (custody reported a final transaction gone from the chain; resolved when custody reports it COMPLETED again) */
                            kind: string;
                            lastSeenAt: string;
                            operationId: string | null;
                            resolution: string | null;
                            resolvedAt: string | null;
                            resolvedBy: string | null;
                            /** @description OPEN or RESOLVED */
                            status: string;
                            tokenId: string | null;
                            txHash: string | null;
                        }[];
                        nextCursor: string | null;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests for this key: wait the Retry-After header, then retry */
            429: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getReconciliationAlertsById: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        blockNumber: string | null;
                        details: unknown;
                        firstSeenAt: string;
                        id: string;
                        /** @description UNEXPLAINED_TRANSFER, OPERATION_MISMATCH, OPERATION_TX_MISSING, SUPPLY_MISMATCH or CUSTODY_TRANSACTION_REORGED (custody reported a final transaction gone from the chain; resolved when custody reports it COMPLETED again) */
                        kind: string;
                        lastSeenAt: string;
                        operationId: string | null;
                        resolution: string | null;
                        resolvedAt: string | null;
                        resolvedBy: string | null;
                        /** @description OPEN or RESOLVED */
                        status: string;
                        tokenId: string | null;
                        txHash: string | null;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests for this key: wait the Retry-After header, then retry */
            429: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postReconciliationAlertsByIdResolve: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    resolution: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        blockNumber: string | null;
                        details: unknown;
                        firstSeenAt: string;
                        id: string;
                        /** @description UNEXPLAINED_TRANSFER, OPERATION_MISMATCH, OPERATION_TX_MISSING, SUPPLY_MISMATCH or CUSTODY_TRANSACTION_REORGED (custody reported a final transaction gone from the chain; resolved when custody reports it COMPLETED again) */
                        kind: string;
                        lastSeenAt: string;
                        operationId: string | null;
                        resolution: string | null;
                        resolvedAt: string | null;
                        resolvedBy: string | null;
                        /** @description OPEN or RESOLVED */
                        status: string;
                        tokenId: string | null;
                        txHash: string | null;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests for this key: wait the Retry-After header, then retry */
            429: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postReconciliationRun: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        indexedHead: {
                            hash: string;
                            number: string;
                        } | null;
                        openAlerts: number;
                        operations: {
                            checked: number;
                            drifted: number;
                            matched: number;
                            pending: number;
                        };
                        raised: {
                            blockNumber: string | null;
                            details: unknown;
                            firstSeenAt: string;
                            id: string;
                            /** @description UNEXPLAINED_TRANSFER, OPERATION_MISMATCH, OPERATION_TX_MISSING, SUPPLY_MISMATCH or CUSTODY_TRANSACTION_REORGED (custody reported a final transaction gone from the chain; resolved when custody reports it COMPLETED again) */
                            kind: string;
                            lastSeenAt: string;
                            operationId: string | null;
                            resolution: string | null;
                            resolvedAt: string | null;
                            resolvedBy: string | null;
                            /** @description OPEN or RESOLVED */
                            status: string;
                            tokenId: string | null;
                            txHash: string | null;
                        }[];
                        ranAt: string;
                        reason: string | null;
                        resolved: {
                            blockNumber: string | null;
                            details: unknown;
                            firstSeenAt: string;
                            id: string;
                            /** @description UNEXPLAINED_TRANSFER, OPERATION_MISMATCH, OPERATION_TX_MISSING, SUPPLY_MISMATCH or CUSTODY_TRANSACTION_REORGED (custody reported a final transaction gone from the chain; resolved when custody reports it COMPLETED again) */
                            kind: string;
                            lastSeenAt: string;
                            operationId: string | null;
                            resolution: string | null;
                            resolvedAt: string | null;
                            resolvedBy: string | null;
                            /** @description OPEN or RESOLVED */
                            status: string;
                            tokenId: string | null;
                            txHash: string | null;
                        }[];
                        /** @description COMPLETED, or SKIPPED (nothing indexed yet, or a reorg is being rolled back) */
                        status: string;
                        supply: {
                            atBlock: string;
                            chain: string | null;
                            indexed: string;
                            reason?: string;
                            status: string;
                            tokenId: string;
                        }[];
                        transfers: {
                            deferred: number;
                            unexplained: number;
                        };
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests for this key: wait the Retry-After header, then retry */
            429: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getRedemptionWindowsById: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description the redemption window */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests for this key: wait the Retry-After header, then retry */
            429: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postRedemptionWindowsByIdRequests: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    investorId: string;
                    /** @description token base units */
                    quantity: string;
                };
            };
        };
        responses: {
            /** @description the request */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description the request */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests for this key: wait the Retry-After header, then retry */
            429: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getSecurityEvents: {
        parameters: {
            query?: {
                code?: string;
                cursor?: string;
                ip?: string;
                limit?: number;
                since?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            /** @description the minute the refusals fell in */
                            bucket: string;
                            code: string;
                            /** @description refusals in that minute with that code from that address */
                            count: string;
                            firstAt: string;
                            id: string;
                            ip: string;
                            lastAt: string;
                            /** @description the first few of them */
                            samples: {
                                at: string;
                                keyId: string | null;
                                method: string;
                                path: string;
                            }[];
                            status: number;
                        }[];
                        nextCursor: string | null;
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests for this key: wait the Retry-After header, then retry */
            429: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getSubscriptionsById: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description token base units the amount buys */
                        allocation: string;
                        amount: string;
                        createdAt: string;
                        createdBy: string;
                        id: string;
                        idempotencyKey: string;
                        investorId: string;
                        lockup: {
                            custodyTxId: string | null;
                            operationId: string;
                            seconds: string | null;
                            status: string;
                            txHash: string | null;
                        } | null;
                        mint: {
                            attempt: number;
                            custodyTxId: string | null;
                            issuedAt: string | null;
                            operationId: string;
                            status: string | null;
                            txHash: string | null;
                        } | null;
                        offeringId: string;
                        payment: {
                            attempt: number;
                            custodyTxId: string | null;
                            externalTxId: string | null;
                            fiatReference: string | null;
                            method: string | null;
                            paidAt: string | null;
                            payerAddress: string | null;
                            txHash: string | null;
                        };
                        refund: {
                            attempt: number;
                            custodyTxId: string | null;
                            externalTxId: string | null;
                            reference: string | null;
                            refundedAt: string | null;
                            txHash: string | null;
                        };
                        /** @description PENDING_PAYMENT, PAYMENT_PROCESSING, PAID, ALLOCATED, ISSUED, CANCELLED, REFUNDING, REFUNDED or REFUND_DUE */
                        status: string;
                        statusCode: string | null;
                        statusReason: string | null;
                        updatedAt: string;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests for this key: wait the Retry-After header, then retry */
            429: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postSubscriptionsByIdFiatReceived: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * Format: uint256
                     * @description stablecoin base units, decimal string (cUSD has 6 decimals)
                     */
                    amount: string;
                    reference: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description token base units the amount buys */
                        allocation: string;
                        amount: string;
                        createdAt: string;
                        createdBy: string;
                        id: string;
                        idempotencyKey: string;
                        investorId: string;
                        lockup: {
                            custodyTxId: string | null;
                            operationId: string;
                            seconds: string | null;
                            status: string;
                            txHash: string | null;
                        } | null;
                        mint: {
                            attempt: number;
                            custodyTxId: string | null;
                            issuedAt: string | null;
                            operationId: string;
                            status: string | null;
                            txHash: string | null;
                        } | null;
                        offeringId: string;
                        payment: {
                            attempt: number;
                            custodyTxId: string | null;
                            externalTxId: string | null;
                            fiatReference: string | null;
                            method: string | null;
                            paidAt: string | null;
                            payerAddress: string | null;
                            txHash: string | null;
                        };
                        refund: {
                            attempt: number;
                            custodyTxId: string | null;
                            externalTxId: string | null;
                            reference: string | null;
                            refundedAt: string | null;
                            txHash: string | null;
                        };
                        /** @description PENDING_PAYMENT, PAYMENT_PROCESSING, PAID, ALLOCATED, ISSUED, CANCELLED, REFUNDING, REFUNDED or REFUND_DUE */
                        status: string;
                        statusCode: string | null;
                        statusReason: string | null;
                        updatedAt: string;
                    };
                };
            };
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description token base units the amount buys */
                        allocation: string;
                        amount: string;
                        createdAt: string;
                        createdBy: string;
                        id: string;
                        idempotencyKey: string;
                        investorId: string;
                        lockup: {
                            custodyTxId: string | null;
                            operationId: string;
                            seconds: string | null;
                            status: string;
                            txHash: string | null;
                        } | null;
                        mint: {
                            attempt: number;
                            custodyTxId: string | null;
                            issuedAt: string | null;
                            operationId: string;
                            status: string | null;
                            txHash: string | null;
                        } | null;
                        offeringId: string;
                        payment: {
                            attempt: number;
                            custodyTxId: string | null;
                            externalTxId: string | null;
                            fiatReference: string | null;
                            method: string | null;
                            paidAt: string | null;
                            payerAddress: string | null;
                            txHash: string | null;
                        };
                        refund: {
                            attempt: number;
                            custodyTxId: string | null;
                            externalTxId: string | null;
                            reference: string | null;
                            refundedAt: string | null;
                            txHash: string | null;
                        };
                        /** @description PENDING_PAYMENT, PAYMENT_PROCESSING, PAID, ALLOCATED, ISSUED, CANCELLED, REFUNDING, REFUNDED or REFUND_DUE */
                        status: string;
                        statusCode: string | null;
                        statusReason: string | null;
                        updatedAt: string;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests for this key: wait the Retry-After header, then retry */
            429: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postSubscriptionsByIdFiatRefunded: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    reference: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description token base units the amount buys */
                        allocation: string;
                        amount: string;
                        createdAt: string;
                        createdBy: string;
                        id: string;
                        idempotencyKey: string;
                        investorId: string;
                        lockup: {
                            custodyTxId: string | null;
                            operationId: string;
                            seconds: string | null;
                            status: string;
                            txHash: string | null;
                        } | null;
                        mint: {
                            attempt: number;
                            custodyTxId: string | null;
                            issuedAt: string | null;
                            operationId: string;
                            status: string | null;
                            txHash: string | null;
                        } | null;
                        offeringId: string;
                        payment: {
                            attempt: number;
                            custodyTxId: string | null;
                            externalTxId: string | null;
                            fiatReference: string | null;
                            method: string | null;
                            paidAt: string | null;
                            payerAddress: string | null;
                            txHash: string | null;
                        };
                        refund: {
                            attempt: number;
                            custodyTxId: string | null;
                            externalTxId: string | null;
                            reference: string | null;
                            refundedAt: string | null;
                            txHash: string | null;
                        };
                        /** @description PENDING_PAYMENT, PAYMENT_PROCESSING, PAID, ALLOCATED, ISSUED, CANCELLED, REFUNDING, REFUNDED or REFUND_DUE */
                        status: string;
                        statusCode: string | null;
                        statusReason: string | null;
                        updatedAt: string;
                    };
                };
            };
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description token base units the amount buys */
                        allocation: string;
                        amount: string;
                        createdAt: string;
                        createdBy: string;
                        id: string;
                        idempotencyKey: string;
                        investorId: string;
                        lockup: {
                            custodyTxId: string | null;
                            operationId: string;
                            seconds: string | null;
                            status: string;
                            txHash: string | null;
                        } | null;
                        mint: {
                            attempt: number;
                            custodyTxId: string | null;
                            issuedAt: string | null;
                            operationId: string;
                            status: string | null;
                            txHash: string | null;
                        } | null;
                        offeringId: string;
                        payment: {
                            attempt: number;
                            custodyTxId: string | null;
                            externalTxId: string | null;
                            fiatReference: string | null;
                            method: string | null;
                            paidAt: string | null;
                            payerAddress: string | null;
                            txHash: string | null;
                        };
                        refund: {
                            attempt: number;
                            custodyTxId: string | null;
                            externalTxId: string | null;
                            reference: string | null;
                            refundedAt: string | null;
                            txHash: string | null;
                        };
                        /** @description PENDING_PAYMENT, PAYMENT_PROCESSING, PAID, ALLOCATED, ISSUED, CANCELLED, REFUNDING, REFUNDED or REFUND_DUE */
                        status: string;
                        statusCode: string | null;
                        statusReason: string | null;
                        updatedAt: string;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests for this key: wait the Retry-After header, then retry */
            429: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postSubscriptionsByIdPay: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @enum {string} */
                    method: "stablecoin";
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description token base units the amount buys */
                        allocation: string;
                        amount: string;
                        createdAt: string;
                        createdBy: string;
                        id: string;
                        idempotencyKey: string;
                        investorId: string;
                        lockup: {
                            custodyTxId: string | null;
                            operationId: string;
                            seconds: string | null;
                            status: string;
                            txHash: string | null;
                        } | null;
                        mint: {
                            attempt: number;
                            custodyTxId: string | null;
                            issuedAt: string | null;
                            operationId: string;
                            status: string | null;
                            txHash: string | null;
                        } | null;
                        offeringId: string;
                        payment: {
                            attempt: number;
                            custodyTxId: string | null;
                            externalTxId: string | null;
                            fiatReference: string | null;
                            method: string | null;
                            paidAt: string | null;
                            payerAddress: string | null;
                            txHash: string | null;
                        };
                        refund: {
                            attempt: number;
                            custodyTxId: string | null;
                            externalTxId: string | null;
                            reference: string | null;
                            refundedAt: string | null;
                            txHash: string | null;
                        };
                        /** @description PENDING_PAYMENT, PAYMENT_PROCESSING, PAID, ALLOCATED, ISSUED, CANCELLED, REFUNDING, REFUNDED or REFUND_DUE */
                        status: string;
                        statusCode: string | null;
                        statusReason: string | null;
                        updatedAt: string;
                    };
                };
            };
            /** @description Default Response */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description token base units the amount buys */
                        allocation: string;
                        amount: string;
                        createdAt: string;
                        createdBy: string;
                        id: string;
                        idempotencyKey: string;
                        investorId: string;
                        lockup: {
                            custodyTxId: string | null;
                            operationId: string;
                            seconds: string | null;
                            status: string;
                            txHash: string | null;
                        } | null;
                        mint: {
                            attempt: number;
                            custodyTxId: string | null;
                            issuedAt: string | null;
                            operationId: string;
                            status: string | null;
                            txHash: string | null;
                        } | null;
                        offeringId: string;
                        payment: {
                            attempt: number;
                            custodyTxId: string | null;
                            externalTxId: string | null;
                            fiatReference: string | null;
                            method: string | null;
                            paidAt: string | null;
                            payerAddress: string | null;
                            txHash: string | null;
                        };
                        refund: {
                            attempt: number;
                            custodyTxId: string | null;
                            externalTxId: string | null;
                            reference: string | null;
                            refundedAt: string | null;
                            txHash: string | null;
                        };
                        /** @description PENDING_PAYMENT, PAYMENT_PROCESSING, PAID, ALLOCATED, ISSUED, CANCELLED, REFUNDING, REFUNDED or REFUND_DUE */
                        status: string;
                        statusCode: string | null;
                        statusReason: string | null;
                        updatedAt: string;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests for this key: wait the Retry-After header, then retry */
            429: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getTenderOffersById: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description the tender offer */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests for this key: wait the Retry-After header, then retry */
            429: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postTenderOffersByIdTenders: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    investorId: string;
                    /** @description token base units */
                    quantity: string;
                };
            };
        };
        responses: {
            /** @description the request */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description the request */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests for this key: wait the Retry-After header, then retry */
            429: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getTokens: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            addresses: {
                                claimTopicsRegistry: string | null;
                                compliance: string | null;
                                identityRegistry: string | null;
                                identityRegistryStorage: string | null;
                                token: string | null;
                                transferRestrictions: string | null;
                                trustedIssuersRegistry: string | null;
                            };
                            claimTopics: string[];
                            compliance: {
                                allowedCountries?: string[];
                                deniedCountries?: string[];
                                lockupDays?: number;
                                maxBalance?: string;
                                maxHolders?: string;
                                supplyLimit?: string;
                            };
                            createdAt: string;
                            createdBy: string;
                            decimals: number;
                            deployBlock: string | null;
                            deployment: {
                                custodyTxId: string;
                                status: string;
                                txHash: string | null;
                            } | null;
                            id: string;
                            modules: string[];
                            name: string;
                            paused: boolean | null;
                            /** @description DEPLOYING, ACTIVE or FAILED */
                            status: string;
                            statusReason: string | null;
                            symbol: string;
                            totalSupply: string | null;
                            updatedAt: string;
                        }[];
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests for this key: wait the Retry-After header, then retry */
            429: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postTokens: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description default [1] (KYC) */
                    claimTopics?: (number | string)[];
                    compliance?: {
                        /** @description ISO 3166-1 alpha-2 */
                        allowedCountries?: string[];
                        /** @description ISO 3166-1 alpha-2; never hold the token */
                        deniedCountries?: string[];
                        /** @description every mint locked on-chain for this many days (an offering may set its own) */
                        lockupDays?: number;
                        /**
                         * Format: uint256
                         * @description base units, decimal string
                         */
                        maxBalance?: string;
                        /** @description most wallets holding the token */
                        maxHolders?: string;
                        /**
                         * Format: uint256
                         * @description base units, decimal string
                         */
                        supplyLimit?: string;
                    };
                    decimals: number;
                    name: string;
                    symbol: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        addresses: {
                            claimTopicsRegistry: string | null;
                            compliance: string | null;
                            identityRegistry: string | null;
                            identityRegistryStorage: string | null;
                            token: string | null;
                            transferRestrictions: string | null;
                            trustedIssuersRegistry: string | null;
                        };
                        claimTopics: string[];
                        compliance: {
                            allowedCountries?: string[];
                            deniedCountries?: string[];
                            lockupDays?: number;
                            maxBalance?: string;
                            maxHolders?: string;
                            supplyLimit?: string;
                        };
                        createdAt: string;
                        createdBy: string;
                        decimals: number;
                        deployBlock: string | null;
                        deployment: {
                            custodyTxId: string;
                            status: string;
                            txHash: string | null;
                        } | null;
                        id: string;
                        modules: string[];
                        name: string;
                        paused: boolean | null;
                        /** @description DEPLOYING, ACTIVE or FAILED */
                        status: string;
                        statusReason: string | null;
                        symbol: string;
                        totalSupply: string | null;
                        updatedAt: string;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests for this key: wait the Retry-After header, then retry */
            429: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getTokensById: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        addresses: {
                            claimTopicsRegistry: string | null;
                            compliance: string | null;
                            identityRegistry: string | null;
                            identityRegistryStorage: string | null;
                            token: string | null;
                            transferRestrictions: string | null;
                            trustedIssuersRegistry: string | null;
                        };
                        claimTopics: string[];
                        compliance: {
                            allowedCountries?: string[];
                            deniedCountries?: string[];
                            lockupDays?: number;
                            maxBalance?: string;
                            maxHolders?: string;
                            supplyLimit?: string;
                        };
                        createdAt: string;
                        createdBy: string;
                        decimals: number;
                        deployBlock: string | null;
                        deployment: {
                            custodyTxId: string;
                            status: string;
                            txHash: string | null;
                        } | null;
                        id: string;
                        modules: string[];
                        name: string;
                        paused: boolean | null;
                        /** @description DEPLOYING, ACTIVE or FAILED */
                        status: string;
                        statusReason: string | null;
                        symbol: string;
                        totalSupply: string | null;
                        updatedAt: string;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests for this key: wait the Retry-After header, then retry */
            429: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getTokensByIdAgentActions: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["AgentAction"][];
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests for this key: wait the Retry-After header, then retry */
            429: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getTokensByIdAgentActionsByActionId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                actionId: string;
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AgentAction"];
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests for this key: wait the Retry-After header, then retry */
            429: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getTokensByIdBurns: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["AgentAction"][];
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests for this key: wait the Retry-After header, then retry */
            429: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postTokensByIdBurns: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description the holder’s wallet */
                    address?: string;
                    /**
                     * Format: uint256
                     * @description base units, decimal string
                     */
                    amount: string;
                    /** @description the same key and body return the same action (200); another body is 409 IDEMPOTENCY_KEY_REUSED */
                    idempotencyKey: string;
                    /** @description the investor whose custodial wallet is meant */
                    investorId?: string;
                    /** @description why (e.g. a court order’s reference); kept in the audit log */
                    reason: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AgentAction"];
                };
            };
            /** @description Default Response */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AgentAction"];
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests for this key: wait the Retry-After header, then retry */
            429: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getTokensByIdBurnsByActionId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                actionId: string;
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AgentAction"];
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests for this key: wait the Retry-After header, then retry */
            429: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postTokensByIdComplianceMigrate: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    idempotencyKey: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        agreementRef: string | null;
                        createdAt: string;
                        createdBy: string;
                        custodyStatus: string | null;
                        custodyTxId: string | null;
                        externalTxId: string;
                        id: string;
                        idempotencyKey: string | null;
                        investorId: string | null;
                        kind: string;
                        quantity: string | null;
                        /** @description SUBMITTED, PENDING_AUTHORIZATION (a custody approver must approve), COMPLETED, AWAITING_REINCLUSION (was COMPLETED; its transaction left the chain in a reorg and custody is sending the same signed transaction again) or FAILED */
                        status: string;
                        statusCode: string | null;
                        statusReason: string | null;
                        toAddress: string | null;
                        toInvestorId: string | null;
                        tokenId: string;
                        txHash: string | null;
                        updatedAt: string;
                    };
                };
            };
            /** @description Default Response */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        agreementRef: string | null;
                        createdAt: string;
                        createdBy: string;
                        custodyStatus: string | null;
                        custodyTxId: string | null;
                        externalTxId: string;
                        id: string;
                        idempotencyKey: string | null;
                        investorId: string | null;
                        kind: string;
                        quantity: string | null;
                        /** @description SUBMITTED, PENDING_AUTHORIZATION (a custody approver must approve), COMPLETED, AWAITING_REINCLUSION (was COMPLETED; its transaction left the chain in a reorg and custody is sending the same signed transaction again) or FAILED */
                        status: string;
                        statusCode: string | null;
                        statusReason: string | null;
                        toAddress: string | null;
                        toInvestorId: string | null;
                        tokenId: string;
                        txHash: string | null;
                        updatedAt: string;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests for this key: wait the Retry-After header, then retry */
            429: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getTokensByIdDistributions: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            [key: string]: unknown;
                        }[];
                        nextCursor: string | null;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests for this key: wait the Retry-After header, then retry */
            429: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postTokensByIdDistributions: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description asset base units per whole token (10^decimals token base units); or totalAmount */
                    amountPerToken?: string;
                    /** @description the settlement ERC-20 (default: the platform stablecoin) */
                    asset?: string;
                    /** @description CLAIM only: the platform claims for every holder whose wallet is a custodial vault of its investors when the round opens (default true); false leaves every claim to a request */
                    autoClaim?: boolean;
                    /**
                     * Format: date-time
                     * @description CLAIM only (required there): holders claim from the payment date until this time; then the rest returns to the treasury
                     */
                    claimDeadline?: string;
                    /** @description per case PAY, ESCROW (net to the escrow vault) or EXCLUDE (kept by the issuer); default ESCROW */
                    holdersPolicy?: {
                        frozen?: "PAY" | "ESCROW" | "EXCLUDE";
                        kycExpired?: "PAY" | "ESCROW" | "EXCLUDE";
                        suspended?: "PAY" | "ESCROW" | "EXCLUDE";
                    };
                    /** @description the same key and body return the first distribution (200); another body 409 */
                    idempotencyKey: string;
                    kind: "DIVIDEND" | "COUPON" | "CAPITAL_RETURN" | "STOCK_DIVIDEND";
                    /** @description PUSH (default): paid to every holder; CLAIM: a Merkle round holders claim until claimDeadline */
                    mode?: "PUSH" | "CLAIM";
                    /**
                     * Format: date-time
                     * @description nothing is paid before it (business clock)
                     */
                    paymentDate: string;
                    /** @description holders and balances as of this block; or recordDate */
                    recordBlock?: string;
                    /**
                     * Format: date-time
                     * @description holders and balances as of this time (the last indexed block at or before it); or recordBlock
                     */
                    recordDate?: string;
                    /** @description asset base units shared pro rata over the balances at the record point; or amountPerToken */
                    totalAmount?: string;
                };
            };
        };
        responses: {
            /** @description the distribution */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description the distribution */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests for this key: wait the Retry-After header, then retry */
            429: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getTokensByIdForcedTransfers: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["AgentAction"][];
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests for this key: wait the Retry-After header, then retry */
            429: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postTokensByIdForcedTransfers: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * Format: uint256
                     * @description base units, decimal string
                     */
                    amount: string;
                    /** @description a wallet address (0x…) or an investor id */
                    from: string;
                    /** @description the same key and body return the same action (200); another body is 409 IDEMPOTENCY_KEY_REUSED */
                    idempotencyKey: string;
                    /** @description why (e.g. a court order’s reference); kept in the audit log */
                    reason: string;
                    /** @description a wallet address (0x…) or an investor id */
                    to: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AgentAction"];
                };
            };
            /** @description Default Response */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AgentAction"];
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests for this key: wait the Retry-After header, then retry */
            429: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getTokensByIdForcedTransfersByActionId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                actionId: string;
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AgentAction"];
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests for this key: wait the Retry-After header, then retry */
            429: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getTokensByIdFreezes: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["AgentAction"][];
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests for this key: wait the Retry-After header, then retry */
            429: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postTokensByIdFreezes: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description the holder’s wallet */
                    address?: string;
                    /** @description the same key and body return the same action (200); another body is 409 IDEMPOTENCY_KEY_REUSED */
                    idempotencyKey: string;
                    /** @description the investor whose custodial wallet is meant */
                    investorId?: string;
                    /** @description why (e.g. a court order’s reference); kept in the audit log */
                    reason: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AgentAction"];
                };
            };
            /** @description Default Response */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AgentAction"];
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests for this key: wait the Retry-After header, then retry */
            429: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getTokensByIdFreezesByActionId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                actionId: string;
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AgentAction"];
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests for this key: wait the Retry-After header, then retry */
            429: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getTokensByIdHolders: {
        parameters: {
            query?: {
                /** @description block number */
                atBlock?: string;
                /** @description a time: the cap table as it stood then (the last indexed block mined at or before it) */
                atTime?: string;
                cursor?: string;
                limit?: number;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        block: {
                            hash: string | null;
                            number: string;
                            timestamp: string | null;
                        };
                        /** @description the last block indexed for this token */
                        indexedHead: string;
                        items: {
                            address: string;
                            /** @description base units */
                            balance: string;
                            /** @description the address was frozen on the token at this block */
                            frozen: boolean;
                            /** @description base units frozen (partially) at this block */
                            frozenTokens: string;
                            /** @description the ONCHAINID the address was registered with in the platform identity registry at this block */
                            identity: string | null;
                            /** @description the investor whose platform wallet this is; null for an address the platform does not know */
                            investorId: string | null;
                        }[];
                        nextCursor: string | null;
                        tokenAddress: string;
                        tokenId: string;
                        totals: {
                            holders: number;
                            /** @description minted − burned at this block, base units */
                            supply: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests for this key: wait the Retry-After header, then retry */
            429: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getTokensByIdOperations: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            agreementRef: string | null;
                            createdAt: string;
                            createdBy: string;
                            custodyStatus: string | null;
                            custodyTxId: string | null;
                            externalTxId: string;
                            id: string;
                            idempotencyKey: string | null;
                            investorId: string | null;
                            kind: string;
                            quantity: string | null;
                            /** @description SUBMITTED, PENDING_AUTHORIZATION (a custody approver must approve), COMPLETED, AWAITING_REINCLUSION (was COMPLETED; its transaction left the chain in a reorg and custody is sending the same signed transaction again) or FAILED */
                            status: string;
                            statusCode: string | null;
                            statusReason: string | null;
                            toAddress: string | null;
                            toInvestorId: string | null;
                            tokenId: string;
                            txHash: string | null;
                            updatedAt: string;
                        }[];
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests for this key: wait the Retry-After header, then retry */
            429: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getTokensByIdOperationsByOperationId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                operationId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        agreementRef: string | null;
                        createdAt: string;
                        createdBy: string;
                        custodyStatus: string | null;
                        custodyTxId: string | null;
                        externalTxId: string;
                        id: string;
                        idempotencyKey: string | null;
                        investorId: string | null;
                        kind: string;
                        quantity: string | null;
                        /** @description SUBMITTED, PENDING_AUTHORIZATION (a custody approver must approve), COMPLETED, AWAITING_REINCLUSION (was COMPLETED; its transaction left the chain in a reorg and custody is sending the same signed transaction again) or FAILED */
                        status: string;
                        statusCode: string | null;
                        statusReason: string | null;
                        toAddress: string | null;
                        toInvestorId: string | null;
                        tokenId: string;
                        txHash: string | null;
                        updatedAt: string;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests for this key: wait the Retry-After header, then retry */
            429: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getTokensByIdPartialFreezes: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["AgentAction"][];
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests for this key: wait the Retry-After header, then retry */
            429: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postTokensByIdPartialFreezes: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description the holder’s wallet */
                    address?: string;
                    /**
                     * Format: uint256
                     * @description base units, decimal string
                     */
                    amount: string;
                    /** @description the same key and body return the same action (200); another body is 409 IDEMPOTENCY_KEY_REUSED */
                    idempotencyKey: string;
                    /** @description the investor whose custodial wallet is meant */
                    investorId?: string;
                    /** @description why (e.g. a court order’s reference); kept in the audit log */
                    reason: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AgentAction"];
                };
            };
            /** @description Default Response */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AgentAction"];
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests for this key: wait the Retry-After header, then retry */
            429: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getTokensByIdPartialFreezesByActionId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                actionId: string;
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AgentAction"];
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests for this key: wait the Retry-After header, then retry */
            429: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getTokensByIdPartialUnfreezes: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["AgentAction"][];
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests for this key: wait the Retry-After header, then retry */
            429: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postTokensByIdPartialUnfreezes: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description the holder’s wallet */
                    address?: string;
                    /**
                     * Format: uint256
                     * @description base units, decimal string
                     */
                    amount: string;
                    /** @description the same key and body return the same action (200); another body is 409 IDEMPOTENCY_KEY_REUSED */
                    idempotencyKey: string;
                    /** @description the investor whose custodial wallet is meant */
                    investorId?: string;
                    /** @description why (e.g. a court order’s reference); kept in the audit log */
                    reason: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AgentAction"];
                };
            };
            /** @description Default Response */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AgentAction"];
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests for this key: wait the Retry-After header, then retry */
            429: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getTokensByIdPartialUnfreezesByActionId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                actionId: string;
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AgentAction"];
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests for this key: wait the Retry-After header, then retry */
            429: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postTokensByIdPause: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        agreementRef: string | null;
                        createdAt: string;
                        createdBy: string;
                        custodyStatus: string | null;
                        custodyTxId: string | null;
                        externalTxId: string;
                        id: string;
                        idempotencyKey: string | null;
                        investorId: string | null;
                        kind: string;
                        quantity: string | null;
                        /** @description SUBMITTED, PENDING_AUTHORIZATION (a custody approver must approve), COMPLETED, AWAITING_REINCLUSION (was COMPLETED; its transaction left the chain in a reorg and custody is sending the same signed transaction again) or FAILED */
                        status: string;
                        statusCode: string | null;
                        statusReason: string | null;
                        toAddress: string | null;
                        toInvestorId: string | null;
                        tokenId: string;
                        txHash: string | null;
                        updatedAt: string;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests for this key: wait the Retry-After header, then retry */
            429: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getTokensByIdRedemptionWindows: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description redemption windows */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests for this key: wait the Retry-After header, then retry */
            429: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postTokensByIdRedemptionWindows: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * Format: date-time
                     * @description requests are taken until then (business clock); then allocation and settlement
                     */
                    closesAt: string;
                    /** @description the same key and body return the first offer (200); another body 409 */
                    idempotencyKey: string;
                    /** @description most token base units bought back; pro-rata over the requests when oversubscribed */
                    maxQuantity?: string;
                    /** Format: date-time */
                    opensAt: string;
                    /** @description the fixed price, or the NAV per token set for this window, in stablecoin base units per whole token */
                    pricePerToken: string;
                    pricing: "FIXED" | "NAV";
                    settlement: "TREASURY" | "BURN";
                };
            };
        };
        responses: {
            /** @description the redemption window */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description the redemption window */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests for this key: wait the Retry-After header, then retry */
            429: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getTokensByIdTenderOffers: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description tender offers */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests for this key: wait the Retry-After header, then retry */
            429: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postTokensByIdTenderOffers: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * Format: date-time
                     * @description requests are taken until then (business clock); then allocation and settlement
                     */
                    closesAt: string;
                    /** @description the same key and body return the first offer (200); another body 409 */
                    idempotencyKey: string;
                    /** @description most token base units bought back */
                    maxQuantity: string;
                    /** Format: date-time */
                    opensAt: string;
                    /** @description stablecoin base units paid per whole token (10^decimals token base units) */
                    pricePerToken: string;
                    settlement: "TREASURY" | "BURN";
                };
            };
        };
        responses: {
            /** @description the tender offer */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description the tender offer */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests for this key: wait the Retry-After header, then retry */
            429: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getTokensByIdUnfreezes: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["AgentAction"][];
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests for this key: wait the Retry-After header, then retry */
            429: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postTokensByIdUnfreezes: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description the holder’s wallet */
                    address?: string;
                    /** @description the same key and body return the same action (200); another body is 409 IDEMPOTENCY_KEY_REUSED */
                    idempotencyKey: string;
                    /** @description the investor whose custodial wallet is meant */
                    investorId?: string;
                    /** @description why (e.g. a court order’s reference); kept in the audit log */
                    reason: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AgentAction"];
                };
            };
            /** @description Default Response */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AgentAction"];
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests for this key: wait the Retry-After header, then retry */
            429: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getTokensByIdUnfreezesByActionId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                actionId: string;
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AgentAction"];
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests for this key: wait the Retry-After header, then retry */
            429: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postTokensByIdUnpause: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        agreementRef: string | null;
                        createdAt: string;
                        createdBy: string;
                        custodyStatus: string | null;
                        custodyTxId: string | null;
                        externalTxId: string;
                        id: string;
                        idempotencyKey: string | null;
                        investorId: string | null;
                        kind: string;
                        quantity: string | null;
                        /** @description SUBMITTED, PENDING_AUTHORIZATION (a custody approver must approve), COMPLETED, AWAITING_REINCLUSION (was COMPLETED; its transaction left the chain in a reorg and custody is sending the same signed transaction again) or FAILED */
                        status: string;
                        statusCode: string | null;
                        statusReason: string | null;
                        toAddress: string | null;
                        toInvestorId: string | null;
                        tokenId: string;
                        txHash: string | null;
                        updatedAt: string;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests for this key: wait the Retry-After header, then retry */
            429: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postTransfers: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    fromInvestorId: string;
                    idempotencyKey: string;
                    /**
                     * Format: uint256
                     * @description base units, decimal string
                     */
                    quantity: string;
                    toAddress?: string;
                    toInvestorId?: string;
                    tokenId: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        agreementRef: string | null;
                        createdAt: string;
                        createdBy: string;
                        custodyStatus: string | null;
                        custodyTxId: string | null;
                        externalTxId: string;
                        id: string;
                        idempotencyKey: string | null;
                        investorId: string | null;
                        kind: string;
                        quantity: string | null;
                        /** @description SUBMITTED, PENDING_AUTHORIZATION (a custody approver must approve), COMPLETED, AWAITING_REINCLUSION (was COMPLETED; its transaction left the chain in a reorg and custody is sending the same signed transaction again) or FAILED */
                        status: string;
                        statusCode: string | null;
                        statusReason: string | null;
                        toAddress: string | null;
                        toInvestorId: string | null;
                        tokenId: string;
                        txHash: string | null;
                        updatedAt: string;
                    };
                };
            };
            /** @description Default Response */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        agreementRef: string | null;
                        createdAt: string;
                        createdBy: string;
                        custodyStatus: string | null;
                        custodyTxId: string | null;
                        externalTxId: string;
                        id: string;
                        idempotencyKey: string | null;
                        investorId: string | null;
                        kind: string;
                        quantity: string | null;
                        /** @description SUBMITTED, PENDING_AUTHORIZATION (a custody approver must approve), COMPLETED, AWAITING_REINCLUSION (was COMPLETED; its transaction left the chain in a reorg and custody is sending the same signed transaction again) or FAILED */
                        status: string;
                        statusCode: string | null;
                        statusReason: string | null;
                        toAddress: string | null;
                        toInvestorId: string | null;
                        tokenId: string;
                        txHash: string | null;
                        updatedAt: string;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests for this key: wait the Retry-After header, then retry */
            429: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getTransfersById: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        agreementRef: string | null;
                        createdAt: string;
                        createdBy: string;
                        custodyStatus: string | null;
                        custodyTxId: string | null;
                        externalTxId: string;
                        id: string;
                        idempotencyKey: string | null;
                        investorId: string | null;
                        kind: string;
                        quantity: string | null;
                        /** @description SUBMITTED, PENDING_AUTHORIZATION (a custody approver must approve), COMPLETED, AWAITING_REINCLUSION (was COMPLETED; its transaction left the chain in a reorg and custody is sending the same signed transaction again) or FAILED */
                        status: string;
                        statusCode: string | null;
                        statusReason: string | null;
                        toAddress: string | null;
                        toInvestorId: string | null;
                        tokenId: string;
                        txHash: string | null;
                        updatedAt: string;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests for this key: wait the Retry-After header, then retry */
            429: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getTransfersCheck: {
        parameters: {
            query: {
                fromInvestorId: string;
                /** @description base units, decimal string */
                quantity: string;
                toAddress?: string;
                toInvestorId?: string;
                tokenId: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description 0 = allowed; see the restriction table in src/platform/modules/tokens/README.md */
                        code: number;
                        from: string | null;
                        message: string;
                        name: string;
                        quantity: string;
                        to: string | null;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests for this key: wait the Retry-After header, then retry */
            429: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getWalletRecoveriesById: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WalletRecovery"];
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests for this key: wait the Retry-After header, then retry */
            429: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getWebhooks: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            concurrency: number | null;
                            /** Format: date-time */
                            createdAt: string;
                            createdBy: string | null;
                            description: string | null;
                            events: string[];
                            /** Format: uuid */
                            id: string;
                            maxAttempts: number | null;
                            previousSecretExpiresAt: string | null;
                            secretRotatedAt: string | null;
                            status: "ACTIVE" | "DISABLED";
                            timeoutMs: number | null;
                            /** Format: date-time */
                            updatedAt: string;
                            url: string;
                        }[];
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests for this key: wait the Retry-After header, then retry */
            429: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postWebhooks: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    concurrency?: number | null;
                    description?: string;
                    /**
                     * @description event types: exact names, "*" for all, or a prefix such as "transaction.*"
                     * @example [
                     *       "transaction.*"
                     *     ]
                     */
                    events: string[];
                    maxAttempts?: number | null;
                    timeoutMs?: number | null;
                    /**
                     * @description absolute http(s) URL that receives POSTs
                     * @example https://example.com/custos-hooks
                     */
                    url: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        concurrency: number | null;
                        /** Format: date-time */
                        createdAt: string;
                        createdBy: string | null;
                        description: string | null;
                        events: string[];
                        /** Format: uuid */
                        id: string;
                        maxAttempts: number | null;
                        previousSecretExpiresAt: string | null;
                        /** @description the signing secret; shown this once, store it now */
                        secret: string;
                        secretRotatedAt: string | null;
                        status: "ACTIVE" | "DISABLED";
                        timeoutMs: number | null;
                        /** Format: date-time */
                        updatedAt: string;
                        url: string;
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests for this key: wait the Retry-After header, then retry */
            429: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getWebhooksById: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        concurrency: number | null;
                        /** Format: date-time */
                        createdAt: string;
                        createdBy: string | null;
                        description: string | null;
                        events: string[];
                        /** Format: uuid */
                        id: string;
                        maxAttempts: number | null;
                        previousSecretExpiresAt: string | null;
                        secretRotatedAt: string | null;
                        status: "ACTIVE" | "DISABLED";
                        timeoutMs: number | null;
                        /** Format: date-time */
                        updatedAt: string;
                        url: string;
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests for this key: wait the Retry-After header, then retry */
            429: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    deleteWebhooksById: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests for this key: wait the Retry-After header, then retry */
            429: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    patchWebhooksById: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    concurrency?: number | null;
                    maxAttempts?: number | null;
                    timeoutMs?: number | null;
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        concurrency: number | null;
                        /** Format: date-time */
                        createdAt: string;
                        createdBy: string | null;
                        description: string | null;
                        events: string[];
                        /** Format: uuid */
                        id: string;
                        maxAttempts: number | null;
                        previousSecretExpiresAt: string | null;
                        secretRotatedAt: string | null;
                        status: "ACTIVE" | "DISABLED";
                        timeoutMs: number | null;
                        /** Format: date-time */
                        updatedAt: string;
                        url: string;
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests for this key: wait the Retry-After header, then retry */
            429: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getWebhooksByIdDeliveries: {
        parameters: {
            query?: {
                cursor?: string;
                limit?: number;
                status?: "PENDING" | "DELIVERED" | "FAILED";
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            attemptLog: {
                                /** Format: date-time */
                                at: string;
                                attempt: number;
                                durationMs: number;
                                error: string | null;
                                statusCode: number | null;
                            }[];
                            attempts: number;
                            /** Format: date-time */
                            createdAt: string;
                            deliveredAt: string | null;
                            /** Format: uuid */
                            eventId: string;
                            eventType: string;
                            /** Format: uuid */
                            id: string;
                            lastError: string | null;
                            lastStatus: number | null;
                            nextAttemptAt: string | null;
                            redeliveryOf: string | null;
                            resourceId: string;
                            resourceType: string;
                            sequence: number;
                            status: "PENDING" | "DELIVERED" | "FAILED";
                            /** Format: uuid */
                            subscriptionId: string;
                        }[];
                        nextCursor: string | null;
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests for this key: wait the Retry-After header, then retry */
            429: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postWebhooksByIdDisable: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        concurrency: number | null;
                        /** Format: date-time */
                        createdAt: string;
                        createdBy: string | null;
                        description: string | null;
                        events: string[];
                        /** Format: uuid */
                        id: string;
                        maxAttempts: number | null;
                        previousSecretExpiresAt: string | null;
                        secretRotatedAt: string | null;
                        status: "ACTIVE" | "DISABLED";
                        timeoutMs: number | null;
                        /** Format: date-time */
                        updatedAt: string;
                        url: string;
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests for this key: wait the Retry-After header, then retry */
            429: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postWebhooksByIdEnable: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        concurrency: number | null;
                        /** Format: date-time */
                        createdAt: string;
                        createdBy: string | null;
                        description: string | null;
                        events: string[];
                        /** Format: uuid */
                        id: string;
                        maxAttempts: number | null;
                        previousSecretExpiresAt: string | null;
                        secretRotatedAt: string | null;
                        status: "ACTIVE" | "DISABLED";
                        timeoutMs: number | null;
                        /** Format: date-time */
                        updatedAt: string;
                        url: string;
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests for this key: wait the Retry-After header, then retry */
            429: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postWebhooksByIdRotateSecret: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description how long deliveries are also signed with the old secret (default 0: at once) */
                    overlapSeconds?: number;
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        concurrency: number | null;
                        /** Format: date-time */
                        createdAt: string;
                        createdBy: string | null;
                        description: string | null;
                        events: string[];
                        /** Format: uuid */
                        id: string;
                        maxAttempts: number | null;
                        previousSecretExpiresAt: string | null;
                        /** @description the signing secret; shown this once, store it now */
                        secret: string;
                        secretRotatedAt: string | null;
                        status: "ACTIVE" | "DISABLED";
                        timeoutMs: number | null;
                        /** Format: date-time */
                        updatedAt: string;
                        url: string;
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests for this key: wait the Retry-After header, then retry */
            429: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postWebhooksDeliveriesByDeliveryIdRedeliver: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                deliveryId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        attemptLog: {
                            /** Format: date-time */
                            at: string;
                            attempt: number;
                            durationMs: number;
                            error: string | null;
                            statusCode: number | null;
                        }[];
                        attempts: number;
                        /** Format: date-time */
                        createdAt: string;
                        deliveredAt: string | null;
                        /** Format: uuid */
                        eventId: string;
                        eventType: string;
                        /** Format: uuid */
                        id: string;
                        lastError: string | null;
                        lastStatus: number | null;
                        nextAttemptAt: string | null;
                        redeliveryOf: string | null;
                        resourceId: string;
                        resourceType: string;
                        sequence: number;
                        status: "PENDING" | "DELIVERED" | "FAILED";
                        /** Format: uuid */
                        subscriptionId: string;
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests for this key: wait the Retry-After header, then retry */
            429: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getWithdrawalsById: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Withdrawal"];
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests for this key: wait the Retry-After header, then retry */
            429: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    putWithholdingCountriesByCountry: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                country: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description basis points withheld from gross (1500 = 15 %) */
                    rateBps: number;
                    reason?: string;
                };
            };
        };
        responses: {
            /** @description the rate */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests for this key: wait the Retry-After header, then retry */
            429: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    putWithholdingDefault: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description basis points withheld from gross (1500 = 15 %) */
                    rateBps: number;
                };
            };
        };
        responses: {
            /** @description the rate */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests for this key: wait the Retry-After header, then retry */
            429: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getWithholdingRates: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description rates */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests for this key: wait the Retry-After header, then retry */
            429: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
}
