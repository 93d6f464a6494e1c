"use strict";
var __createBinding = (this && this.__createBinding) || (Object.create ? (function(o, m, k, k2) {
    if (k2 === undefined) k2 = k;
    var desc = Object.getOwnPropertyDescriptor(m, k);
    if (!desc || ("get" in desc ? !m.__esModule : desc.writable || desc.configurable)) {
      desc = { enumerable: true, get: function() { return m[k]; } };
    }
    Object.defineProperty(o, k2, desc);
}) : (function(o, m, k, k2) {
    if (k2 === undefined) k2 = k;
    o[k2] = m[k];
}));
var __exportStar = (this && this.__exportStar) || function(m, exports) {
    for (var p in m) if (p !== "default" && !Object.prototype.hasOwnProperty.call(exports, p)) __createBinding(exports, m, p);
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.PROVIDERS = void 0;
const calendly_provider_1 = require("./calendly.provider");
const facebook_lead_ads_provider_1 = require("./facebook-lead-ads.provider");
const google_sheets_provider_1 = require("./google-sheets.provider");
const hubspot_provider_1 = require("./hubspot.provider");
const pipedrive_provider_1 = require("./pipedrive.provider");
const salesforce_provider_1 = require("./salesforce.provider");
const slack_provider_1 = require("./slack.provider");
const zoho_crm_provider_1 = require("./zoho-crm.provider");
/** The catalog, in the order the admin sees it. Adding a provider = one file + one line here. */
exports.PROVIDERS = [
    facebook_lead_ads_provider_1.facebookLeadAdsProvider,
    google_sheets_provider_1.googleSheetsProvider,
    hubspot_provider_1.hubspotProvider,
    salesforce_provider_1.salesforceProvider,
    slack_provider_1.slackProvider,
    pipedrive_provider_1.pipedriveProvider,
    zoho_crm_provider_1.zohoCrmProvider,
    calendly_provider_1.calendlyProvider,
];
__exportStar(require("./provider-definition"), exports);
//# sourceMappingURL=index.js.map