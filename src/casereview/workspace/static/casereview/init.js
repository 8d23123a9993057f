// GOV.UK Frontend enhances components (error summary focus, character counts) when JavaScript runs;
// every page works without it.
import { initAll } from '../vendor/govuk/govuk-frontend.min.js'

initAll()
