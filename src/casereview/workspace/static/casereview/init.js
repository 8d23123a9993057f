// GOV.UK Frontend enhances components (error summary focus, character counts) when JavaScript runs;
// every page works without it.
import { initAll } from '../vendor/govuk/govuk-frontend.min.js'

initAll()

// On a narrow screen a table's rows stack (see casereview.scss): each cell is labelled with its column's name.
for (const table of document.querySelectorAll('table.govuk-table')) {
  const names = [...table.querySelectorAll('thead th')].map((th) => th.textContent.trim())
  for (const row of table.querySelectorAll('tbody tr')) {
    ;[...row.children].forEach((cell, index) => {
      if (names[index] && !cell.hasAttribute('data-label')) cell.setAttribute('data-label', names[index])
    })
  }
}
